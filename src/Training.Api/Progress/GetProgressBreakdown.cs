using System.Data;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Institutions;
using Training.Targets;
using Training.Web;
using Wolverine.Http;
using Counts = Training.Progress.GetProgressEndpoint.Counts;

namespace Training.Progress;

/// <summary>
/// One slice of a breakdown. Only figures that add up are split: person-times, certificates and employment outcomes. A person trained in
/// two counties is one unique trainee of the city but one of each county, so unique people appear in the total only.
/// <paramref name="Code"/> is null for the slice of what has none (certificates that followed no class have no
/// institution; classes without a track).
/// </summary>
public sealed record BreakdownRow(string? Code, string Name, int Enrolled, int Completed, int Withdrawn, int Cancelled, int Certified,
    int Employed = 0);

/// <summary>A month of the year's curve: the month's figures, the running totals, and the straight line to the enrolled target.</summary>
public sealed record MonthRow(
    int Month, int Enrolled, int Completed, int Withdrawn, int Cancelled, int Certified,
    int CumulativeEnrolled, int CumulativeCompleted, int CumulativeCertified, decimal? ExpectedEnrolled, int Employed = 0,
    int CumulativeEmployed = 0);

public sealed record BreakdownTotal(
    int Enrolled, int Completed, int UniqueTrainees, int Withdrawn, int Cancelled, int Certified, int CertifiedTrainees,
    int CompletedTrainees, decimal? CertifiedShareOfCompleted, int Employed = 0, int EmployedPeople = 0);

/// <summary>
/// A programme's year in a region, split four ways; each split's rows add up to <paramref name="Total"/> exactly.
/// Person-times split by the class (its region, institution, track, and the month it started); certificates by the
/// class they followed and the month they were awarded; employment outcomes by the class the person trained in and the month
/// the work began.
/// </summary>
public sealed record ProgressBreakdown(
    string RegionCode, string RegionName, int Year, string Programme, string Name, DateOnly AsOf, decimal ElapsedPercent,
    BreakdownTotal Total, IReadOnlyList<TargetProgress> Targets, IReadOnlyList<BreakdownRow> ByRegion,
    IReadOnlyList<BreakdownRow> ByInstitution, IReadOnlyList<BreakdownRow> ByTrack, IReadOnlyList<MonthRow> ByMonth);

public static class GetProgressBreakdownEndpoint
{
    /// <summary>The figures of one slice, keyed by the split and the slice's code (null: the slice of what has none).</summary>
    public sealed record Slices(IReadOnlyDictionary<(string Split, string? Code), SliceCounts> Counts)
    {
        public SliceCounts Of(string split, string? code) => Counts.GetValueOrDefault((split, code), SliceCounts.None);
        public IEnumerable<string?> Codes(string split) => Counts.Keys.Where(k => k.Split == split).Select(k => k.Code);
    }

    public sealed record SliceCounts(int Enrolled = 0, int Completed = 0, int Withdrawn = 0, int Cancelled = 0, int Certified = 0,
        int Employed = 0)
    {
        public static readonly SliceCounts None = new();
    }

    public const string ByRegion = "region", ByInstitution = "institution", ByTrack = "track", ByMonth = "month";

    [WolverineGet("/api/progress/{regionCode}/{year}/{programme}"), RegionOversight, Tags("Progress")]
    [EndpointSummary("A programme's year split by child region, institution, track and month")]
    [ProducesResponseType<ProgressBreakdown>(200, "application/json", Export.Csv, Export.Xlsx)]
    [ProducesResponseType<HttpValidationProblemDetails>(400, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(403, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(503, "application/problem+json")]
    public static async Task<IResult> Get(string regionCode, int year, string programme, string? asOf, string? format,
        HttpRequest http, IQuerySession session, NpgsqlDataSource db, ProgrammeCatalogue catalogue,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (request, problem) = ReportRequest.Read(regionCode, asOf, format, http, catalogue, clock, new Validation()
            .Check(year is >= TargetPeriod.MinYear and <= TargetPeriod.MaxYear, "year", "year must be from 2000 to 2100")
            .OneOf(programme, "programme", SetTargetEndpoint.ProgrammeCodes(catalogue)));
        if (request is null) return problem!;

        var period = new TargetPeriod(year, year);
        var children = catalogue.Children(request.Region);
        // One snapshot for the total and the splits, so they add up even while enrollments are being recorded.
        var key = ProgressRead.Key(http, request.Day);
        if (request.Format == ReportFormat.Json && await ProgressRead.KeptAsync(db, key, cancellation) is { } kept) return kept;
        var (read, behind) = await ProgressRead.ReadAsync(db, http.HttpContext.Response, request.Region, period, request.AsOf,
            (programme, children), cancellation);
        if (read is null) return behind!;
        var (counts, targets) = (read.Counts, read.Targets);
        var slices = Slice(request.Region, read.Slices, counts.Of(programme, year));

        var institutionIds = slices.Codes(ByInstitution).OfType<string>().Select(Guid.Parse).ToArray();
        var institutions = (await session.LoadManyAsync<Institution>(cancellation, institutionIds)).ToDictionary(i => i.Id.ToString(), i => i.Name);
        var breakdown = Build(request.Region, year, programme, catalogue, catalogue.Children(request.Region), counts, slices, targets,
            institutions, request.Day);
        return request.Format == ReportFormat.Json
            ? ProgressRead.Keep(http.HttpContext, key, read.Position, breakdown)
            : Export.File(ToTable(breakdown, request.FileName("progress", $"{year}-{programme}")), request.Format);
    }

    /// <summary>Pure: the splits' rows, every child region and every track of the programme included even at zero.</summary>
    public static ProgressBreakdown Build(Region region, int year, string programme, ProgrammeCatalogue catalogue,
        IReadOnlyList<Region> children, ProgressCounts counts, Slices slices, IReadOnlyList<Target> targets,
        IReadOnlyDictionary<string, string> institutionNames, DateOnly day)
    {
        var period = new TargetPeriod(year, year);
        var c = counts.Of(programme, year);
        var yearTargets = ProgressReport.TargetsFor(programme, period, c, targets, day);

        BreakdownRow Row(string split, string? code, string name)
        {
            var s = slices.Of(split, code);
            return new BreakdownRow(code, name, s.Enrolled, s.Completed, s.Withdrawn, s.Cancelled, s.Certified, s.Employed);
        }

        // The region's own level (a class a city registered at the city itself) is a slice of its own: 河源市本级.
        var childCodes = children.Select(r => r.Code).ToHashSet();
        var byRegion = children.Select(r => Row(ByRegion, r.Code, r.Name))
            .Concat(slices.Codes(ByRegion).OfType<string>().Where(code => !childCodes.Contains(code)).Order()
                .Select(code => Row(ByRegion, code, code == region.Code ? $"{region.Name}本级" : catalogue.Region(code)?.Name ?? code)))
            .OrderBy(r => r.Code).ToList();

        var byInstitution = slices.Codes(ByInstitution)
            .Select(code => Row(ByInstitution, code, code is null ? "未关联培训班 (no class)" : institutionNames.GetValueOrDefault(code, code)))
            .OrderByDescending(r => r.Enrolled).ThenByDescending(r => r.Certified).ThenBy(r => r.Code is null).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

        // Every track of the programme, then any other track in the data (over every programme: the tracks with figures).
        var ownTracks = catalogue.Programme(programme)?.Tracks ?? [];
        var trackNames = catalogue.Programmes.SelectMany(p => p.Tracks).DistinctBy(t => t.Code).ToDictionary(t => t.Code, t => t.Name);
        var byTrack = ownTracks.Select(t => Row(ByTrack, t.Code, t.Name))
            .Concat(slices.Codes(ByTrack).OfType<string>().Where(code => ownTracks.All(t => t.Code != code)).Order()
                .Select(code => Row(ByTrack, code, trackNames.GetValueOrDefault(code, code))))
            .Concat(slices.Codes(ByTrack).Where(code => code is null).Select(_ => Row(ByTrack, null, "未分专项 (no track)")))
            .ToList();

        var enrolledTarget = yearTargets.FirstOrDefault(t => t.Measure == TargetMeasure.Enrolled)?.Target;
        var byMonth = new List<MonthRow>();
        int enrolled = 0, completed = 0, certified = 0, employed = 0;
        for (var month = 1; month <= 12; month++)
        {
            var s = slices.Of(ByMonth, $"{month}");
            enrolled += s.Enrolled;
            completed += s.Completed;
            certified += s.Certified;
            employed += s.Employed;
            var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            byMonth.Add(new MonthRow(month, s.Enrolled, s.Completed, s.Withdrawn, s.Cancelled, s.Certified, enrolled, completed, certified,
                enrolledTarget is { } t ? Math.Round(Pace.Expected(t, period, monthEnd), 1) : null, s.Employed, employed));
        }

        return new ProgressBreakdown(region.Code, region.Name, year, programme, ListTargetsEndpoint.ProgrammeName(programme, catalogue), day,
            Pace.Percent(Pace.ElapsedFraction(period, day)),
            new BreakdownTotal(c.Enrolled, c.Completed, c.UniqueTrainees, c.Withdrawn, c.Cancelled, c.Certified, c.CertifiedTrainees,
                c.CompletedTrainees, ProgressReport.Percent(c.CertifiedCompletedTrainees, c.CompletedTrainees), c.Employed, c.EmployedPeople),
            yearTargets, byRegion, byInstitution, byTrack, byMonth);
    }

    /// <summary>
    /// The splits by institution, track and month are rows of their own in the projection; a child region's slice is that
    /// region's own total, and what the children do not hold (a class the region registered at its own level) is the rest.
    /// </summary>
    static Slices Slice(Region region, IReadOnlyList<(string Split, string Code, int[] Figures)> rows, Counts total)
    {
        var counts = new Dictionary<(string, string?), SliceCounts>();
        foreach (var (split, code, f) in rows)
            counts[(split == ProgressTables.ByInstitution ? ByInstitution : split == ProgressTables.ByTrack ? ByTrack
                   : split == ProgressTables.ByMonth ? ByMonth : ByRegion, code.Length == 0 ? null : code)] =
                new SliceCounts(f[0], f[1], f[2], f[3], f[4], f[5]);

        var own = counts.Where(c => c.Key.Item1 == ByRegion).Aggregate(
            new SliceCounts(total.Enrolled, total.Completed, total.Withdrawn, total.Cancelled, total.Certified, total.Employed),
            (rest, child) => new SliceCounts(rest.Enrolled - child.Value.Enrolled, rest.Completed - child.Value.Completed,
                rest.Withdrawn - child.Value.Withdrawn, rest.Cancelled - child.Value.Cancelled, rest.Certified - child.Value.Certified,
                rest.Employed - child.Value.Employed));
        if (own != SliceCounts.None) counts[(ByRegion, region.Code)] = own;
        return new Slices(counts);
    }

    static readonly IReadOnlyList<ExportColumn> Columns =
    [
        new("地区代码", "Region code"), new("地区", "Region"), new("年度", "Year"), new("项目代码", "Programme"), new("项目", "Programme name"),
        new("截至", "As of"), new("分组", "Split"), new("代码", "Code"), new("名称", "Name"), new("报名人次", "Enrolled"),
        new("结业人次", "Completed"), new("退出人次", "Withdrawn"), new("取消人次", "Cancelled"), new("发证数", "Certified"),
        new("带动就业人次", "Employed")
    ];

    /// <summary>One table: the total first, then each split's rows under its name (region, institution, track, month).</summary>
    public static ExportTable ToTable(ProgressBreakdown b, string name)
    {
        object?[] Row(string split, string? code, string rowName, int enrolled, int completed, int withdrawn, int cancelled, int certified,
            int employed) =>
            [b.RegionCode, b.RegionName, b.Year, b.Programme, b.Name, b.AsOf, split, code, rowName, enrolled, completed, withdrawn, cancelled,
             certified, employed];

        var rows = new List<object?[]> { Row("total", null, "合计 Total", b.Total.Enrolled, b.Total.Completed, b.Total.Withdrawn, b.Total.Cancelled,
            b.Total.Certified, b.Total.Employed) };
        foreach (var (split, slices) in new[] { (ByRegion, b.ByRegion), (ByInstitution, b.ByInstitution), (ByTrack, b.ByTrack) })
            rows.AddRange(slices.Select(r => Row(split, r.Code, r.Name, r.Enrolled, r.Completed, r.Withdrawn, r.Cancelled, r.Certified, r.Employed)));
        rows.AddRange(b.ByMonth.Select(m => Row(ByMonth, $"{m.Month}", $"{m.Month}月", m.Enrolled, m.Completed, m.Withdrawn, m.Cancelled,
            m.Certified, m.Employed)));
        return new ExportTable(name, Columns, rows);
    }
}
