using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;

namespace Training.Tests.Support;

public sealed record Created(Guid Id);
public sealed record EnrollmentCreated(Guid EnrollmentId, Guid TraineeId);
public sealed record ClassView(Guid Id, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, int Enrolled, string Status, int Version, string Mode, bool Subsidized);
public sealed record RosterEntry(Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, string Status);
public sealed record ProgrammeProgress(string Programme, int? Target, int Enrolled, int Completed, int UniqueTrainees,
    decimal? PercentOfTarget, int Certified, int CertifiedTrainees, int CompletedTrainees, decimal? CertifiedShareOfCompleted);
public sealed record RegionProgress(string RegionCode, int Year, List<ProgrammeProgress> Programmes)
{
    public ProgrammeProgress this[string programme] => Programmes.Single(p => p.Programme == programme);
}

/// <summary>
/// Small scenario helpers: every starting state is built through the public HTTP API, the way a client
/// would, never by writing rows behind the service's back.
/// </summary>
public sealed class Api(IAlbaHost host, string? token)
{
    /// <summary>The same helpers, calling with another bearer token (or none).</summary>
    public Api As(string? otherToken) => new(host, otherToken);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static int _institutions; // static: every test gets fresh credit codes whichever Api instance it uses

    /// <summary>A client that sends this caller's token on every request.</summary>
    public HttpClient Client()
    {
        var client = host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async Task<HttpResponseMessage> Send(HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = body is string raw
            ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
            : JsonContent.Create(body, options: Json);
        return await Client().SendAsync(request);
    }

    public Task<HttpResponseMessage> Post(string url, object body) => Send(HttpMethod.Post, url, body);

    public async Task<T> Get<T>(string url)
    {
        var response = await Send(HttpMethod.Get, url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<T> Expect<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task<Guid> RegisterInstitution(string regionCode = "441625", string? creditCode = null)
    {
        var response = await Post("/api/institutions", new
        {
            name = "河源市技师学院", creditCode = creditCode ?? People.CreditCode(Interlocked.Increment(ref _institutions)),
            kind = "technical-school", regionCode
        });
        return (await Expect<Created>(response, HttpStatusCode.Created)).Id;
    }

    public async Task<Guid> RegisterClass(Guid institutionId, string programme = "yuecai", int capacity = 30,
        string startDate = "2026-03-01", string? regionCode = null, string? track = null)
    {
        var start = DateOnly.Parse(startDate);
        var response = await Post("/api/classes", new
        {
            institutionId, programme, track, title = "客家菜烹饪培训班", regionCode, startDate,
            endDate = start.AddDays(20).ToString("yyyy-MM-dd"), capacity
        });
        return (await Expect<Created>(response, HttpStatusCode.Created)).Id;
    }

    /// <summary>A class in a fresh institution of <paramref name="regionCode"/>.</summary>
    public async Task<Guid> NewClass(string regionCode = "441625", string programme = "yuecai", int capacity = 30,
        string startDate = "2026-03-01") =>
        await RegisterClass(await RegisterInstitution(regionCode), programme, capacity, startDate);

    public Task<HttpResponseMessage> TryEnroll(Guid classId, string idNumber, string name = "张三", object? more = null) =>
        Post($"/api/classes/{classId}/enrollments", more ?? new { idNumber, name });

    public async Task<EnrollmentCreated> Enroll(Guid classId, string idNumber, string name = "张三") =>
        await Expect<EnrollmentCreated>(await TryEnroll(classId, idNumber, name), HttpStatusCode.Created);

    public Task<HttpResponseMessage> Withdraw(Guid classId, Guid enrollmentId, string? reason = "moved away") =>
        Post($"/api/classes/{classId}/enrollments/{enrollmentId}/withdraw", new { reason });

    public Task<HttpResponseMessage> Complete(Guid classId, Guid enrollmentId, string completedOn = "2026-03-21", bool passed = true) =>
        Post($"/api/classes/{classId}/enrollments/{enrollmentId}/complete", new { completedOn, passed });

    public Task<HttpResponseMessage> Cancel(Guid classId, string reason = "too few applicants") =>
        Post($"/api/classes/{classId}/cancel", new { reason });

    public Task<ClassView> Class(Guid classId) => Get<ClassView>($"/api/classes/{classId}");

    public Task<List<RosterEntry>> Roster(Guid classId) => Get<List<RosterEntry>>($"/api/classes/{classId}/enrollments");

    static int _certificates; // static, like _institutions

    /// <summary>A skill-level certificate number of the national form, fresh for each call.</summary>
    public static string CertificateNo() => $"S{Interlocked.Increment(ref _certificates):000000000000000000000}";

    public Task<HttpResponseMessage> TryAward(string certificateNo, string idNumber, string name = "张三", string programme = "yuecai",
        string awardedOn = "2026-04-01", Guid? classId = null, string? regionCode = "441625", string kind = "skill-level", int? level = 4) =>
        Post("/api/certificates", new
        {
            certificateNo, idNumber, name, kind, occupation = "中式烹调师", level, programme, awardedOn,
            issuer = "河源市职业技能鉴定指导中心", classId, regionCode
        });

    public async Task<string> Award(string idNumber, string name = "张三", string programme = "yuecai", string awardedOn = "2026-04-01",
        Guid? classId = null, string? regionCode = "441625")
    {
        var number = CertificateNo();
        (await TryAward(number, idNumber, name, programme, awardedOn, classId, regionCode)).StatusCode.Should().Be(HttpStatusCode.Created);
        return number;
    }

    public Task<HttpResponseMessage> Revoke(string certificateNo, string reason = "obtained by fraud") =>
        Post($"/api/certificates/{certificateNo}/revoke", new { reason });

    public Task<HttpResponseMessage> TryRecordEmployment(Guid traineeId, string programme = "yuecai", string since = "2026-04-01",
        string status = "employed", Guid? classId = null, string? employerName = "东源县客家菜馆", string? employerCreditCode = null) =>
        Post($"/api/trainees/{traineeId}/employment", new { programme, status, since, classId, employerName, employerCreditCode });

    public async Task<Guid> RecordEmployment(Guid traineeId, string programme = "yuecai", string since = "2026-04-01", Guid? classId = null) =>
        (await Expect<Created>(await TryRecordEmployment(traineeId, programme, since, classId: classId), HttpStatusCode.Created)).Id;

    public Task<HttpResponseMessage> CorrectEmployment(Guid traineeId, Guid outcomeId, object correction) =>
        Post($"/api/trainees/{traineeId}/employment/{outcomeId}/correct", correction);

    public Task<HttpResponseMessage> EndEmployment(Guid traineeId, Guid outcomeId, string endedOn = "2026-05-01", string? reason = "contract ended") =>
        Post($"/api/trainees/{traineeId}/employment/{outcomeId}/end", new { endedOn, reason });

    public Task<RegionProgress> Progress(string regionCode, int year) => Get<RegionProgress>($"/api/progress/{regionCode}/{year}");
}
