using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Targets;
using Training.Web;
using Wolverine.Http;

namespace Training.Progress;

/// <summary>
/// <paramref name="Target"/> and <paramref name="PercentOfTarget"/> are the yearly person-time (enrolled) target's;
/// <paramref name="ElapsedPercent"/>, <paramref name="Expected"/> and <paramref name="Pace"/> say how far along the year is
/// and where the figure stands against a straight line to that target. <paramref name="Targets"/> lists every yearly
/// target of the programme, whatever its measure, each with its own pace.
/// </summary>
public sealed record ProgrammeProgress(
    string Programme, string Name, int? Target, int Enrolled, int Completed, int UniqueTrainees, decimal? PercentOfTarget,
    int Withdrawn, int Cancelled, int Certified, int CertifiedTrainees, int CompletedTrainees, decimal? CertifiedShareOfCompleted,
    decimal? ElapsedPercent = null, decimal? Expected = null, string? Pace = null, IReadOnlyList<TargetProgress>? Targets = null,
    int Employed = 0, int EmployedPeople = 0);

/// <summary>
/// <paramref name="AsOf"/> is the day the figures are for (the asOf asked for, or today); <paramref name="All"/> counts every
/// programme together.
/// </summary>
public sealed record RegionProgress(
    string RegionCode, string RegionName, int Year, IReadOnlyList<ProgrammeProgress> Programmes,
    DateOnly? AsOf = null, decimal? ElapsedPercent = null, ProgrammeProgress? All = null);

public static class GetProgressEndpoint
{
    public sealed record Counts(
        int Enrolled = 0, int Completed = 0, int UniqueTrainees = 0, int Withdrawn = 0, int Cancelled = 0,
        int CompletedTrainees = 0, int CertifiedCompletedTrainees = 0, int Certified = 0, int CertifiedTrainees = 0, int Employed = 0,
        int EmployedPeople = 0)
    {
        public static readonly Counts None = new();
    }

    /// <summary>Pure: a year's answer, each programme and all of them together against their yearly targets on the day.</summary>
    public static RegionProgress Year(Region region, int year, IReadOnlyList<Programme> programmes, ProgressCounts counts,
        IReadOnlyList<Target> targets, DateOnly day)
    {
        var period = new TargetPeriod(year, year);
        var elapsed = Pace.Percent(Pace.ElapsedFraction(period, day));
        ProgrammeProgress Entry(string code, string name)
        {
            var c = counts.Of(code, year);
            var yearTargets = ProgressReport.TargetsFor(code, period, c, targets, day);
            var enrolled = yearTargets.FirstOrDefault(t => t.Measure == TargetMeasure.Enrolled);
            return new ProgrammeProgress(code, name, enrolled?.Target, c.Enrolled, c.Completed, c.UniqueTrainees, enrolled?.PercentOfTarget,
                c.Withdrawn, c.Cancelled, c.Certified, c.CertifiedTrainees, c.CompletedTrainees,
                ProgressReport.Percent(c.CertifiedCompletedTrainees, c.CompletedTrainees), elapsed, enrolled?.Expected, enrolled?.Pace, yearTargets,
                c.Employed, c.EmployedPeople);
        }
        return new RegionProgress(region.Code, region.Name, year, programmes.Select(p => Entry(p.Code, p.Name)).ToList(), day, elapsed,
            Entry(Target.AllProgrammes, ProgressReport.AllProgrammesName));
    }

    /// <summary>
    /// A region's progress in one year against its yearly targets. <paramref name="asOf"/> (yyyy-MM-dd) answers as the
    /// service knew it at the end of that day; <paramref name="format"/> (json, csv, xlsx) or the Accept header picks the form.
    /// </summary>
    [WolverineGet("/api/progress/{regionCode}/{year}"), RegionOversight, Tags("Progress")]
    [EndpointSummary("A region's progress in a year against its yearly targets, with the pace")]
    [ProducesResponseType<RegionProgress>(200, "application/json", Export.Csv, Export.Xlsx)]
    [ProducesResponseType<HttpValidationProblemDetails>(400, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(403, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(503, "application/problem+json")]
    public static async Task<IResult> Get(string regionCode, int year, string? asOf, string? format, HttpRequest http,
        NpgsqlDataSource db, ProgrammeCatalogue catalogue, TimeProvider clock, CancellationToken cancellation)
    {
        var (request, problem) = ReportRequest.Read(regionCode, asOf, format, http, catalogue, clock,
            new Validation().Check(year is >= TargetPeriod.MinYear and <= TargetPeriod.MaxYear, "year", "year must be from 2000 to 2100"));
        if (request is null) return problem!;

        var period = new TargetPeriod(year, year);
        var key = ProgressRead.Key(http, request.Day);
        if (request.Format == ReportFormat.Json && await ProgressRead.KeptAsync(db, key, cancellation) is { } kept) return kept;
        var (read, behind) = await ProgressRead.ReadAsync(db, http.HttpContext.Response, request.Region, period, request.AsOf, null, cancellation);
        if (read is null) return behind!;
        var progress = Year(request.Region, year, catalogue.Programmes, read.Counts, read.Targets, request.Day);
        return request.Format == ReportFormat.Json
            ? ProgressRead.Keep(http.HttpContext, key, read.Position, progress)
            : Export.File(ProgressReport.ToTable(progress, request.FileName("progress", $"{year}")), request.Format);
    }
}
