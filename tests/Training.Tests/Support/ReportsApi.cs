using System.Net;
using Training.Progress;
using Training.Targets;
using YearReport = Training.Progress.RegionProgress;

namespace Training.Tests.Support;

/// <summary>Scenario helpers for the bureau's reports, over the public HTTP API like the rest of <see cref="Api"/>.</summary>
public static class ReportsApi
{
    static string AsOf(string? asOf, char separator = '?') => asOf is null ? "" : $"{separator}asOf={asOf}";

    public static Task<YearReport> YearReport(this Api api, string regionCode, int year, string? asOf = null) =>
        api.Get<YearReport>($"/api/progress/{regionCode}/{year}{AsOf(asOf)}");

    public static Task<PeriodProgress> Period(this Api api, string regionCode, string period, string? asOf = null) =>
        api.Get<PeriodProgress>($"/api/progress/{regionCode}/period/{period}{AsOf(asOf)}");

    public static Task<ProgressBreakdown> Breakdown(this Api api, string regionCode, int year, string programme, string? asOf = null) =>
        api.Get<ProgressBreakdown>($"/api/progress/{regionCode}/{year}/{programme}{AsOf(asOf)}");

    public static Task<List<TargetView>> Targets(this Api api, string? regionCode = null) =>
        api.Get<List<TargetView>>(regionCode is null ? "/api/targets" : $"/api/targets?regionCode={regionCode}");

    public static Task<HttpResponseMessage> TrySetTarget(this Api api, string regionCode, string programme, string period, object body) =>
        api.Send(HttpMethod.Put, $"/api/targets/{regionCode}/{programme}/{period}", body);

    public static async Task SetTarget(this Api api, string regionCode, string programme, string period, int value,
        string measure = TargetMeasure.Enrolled, string? source = null)
    {
        var response = await api.TrySetTarget(regionCode, programme, period, new { value, measure, source });
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A class of <paramref name="programme"/> in a fresh institution, optionally registered at another region or with a track.</summary>
    public static async Task<Guid> ClassIn(this Api api, string institutionRegion, string startDate, string programme = "yuecai",
        string? track = null, string? classRegion = null, Guid? institution = null) =>
        await api.RegisterClass(institution ?? await api.RegisterInstitution(institutionRegion), programme, 50, startDate, classRegion, track);

    /// <summary>Enrolls <paramref name="count"/> new people (numbers from <paramref name="first"/> on) and returns their enrollments.</summary>
    public static async Task<List<EnrollmentCreated>> EnrollMany(this Api api, Guid classId, int first, int count)
    {
        var enrollments = new List<EnrollmentCreated>();
        for (var i = first; i < first + count; i++) enrollments.Add(await api.Enroll(classId, People.IdNumber(i), $"学员{i}"));
        return enrollments;
    }
}
