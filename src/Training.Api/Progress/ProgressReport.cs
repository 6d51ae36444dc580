using Training.Catalogue;
using Training.Targets;
using Counts = Training.Progress.GetProgressEndpoint.Counts;

namespace Training.Progress;

/// <summary>
/// One figure against one target on a day: how much of the target is reached, how far along its period is, and
/// whether the figure is ahead of or behind a straight line from zero at the period's start to the target at its end.
/// <paramref name="Derived"/> marks a period's target made by adding up the yearly targets of each of its years.
/// <paramref name="Figure"/> is the one of <paramref name="PersonTimes"/> and <paramref name="People"/> (the measure's distinct
/// people) that <paramref name="Unit"/> names; both are shown, since plans write either.
/// </summary>
public sealed record TargetProgress(
    string Measure, int Target, int Figure, decimal? PercentOfTarget, int FromYear, int ToYear, decimal ElapsedPercent,
    decimal Expected, string Pace, string? Source, bool Derived = false, string Unit = TargetUnit.PersonTimes, int PersonTimes = 0,
    int People = 0);

/// <summary>One year's contribution to a period's figures.</summary>
public sealed record YearProgress(
    int Year, int Enrolled, int Completed, int UniqueTrainees, int Withdrawn, int Cancelled, int Certified, int CertifiedTrainees,
    int CompletedTrainees, decimal? CertifiedShareOfCompleted, decimal ElapsedPercent, IReadOnlyList<TargetProgress> Targets,
    int Employed = 0, int EmployedPeople = 0);

public sealed record PeriodProgrammeProgress(
    string Programme, string Name, int Enrolled, int Completed, int UniqueTrainees, int Withdrawn, int Cancelled, int Certified,
    int CertifiedTrainees, int CompletedTrainees, decimal? CertifiedShareOfCompleted, decimal ElapsedPercent,
    IReadOnlyList<TargetProgress> Targets, IReadOnlyList<YearProgress> Years, int Employed = 0, int EmployedPeople = 0);

/// <summary>
/// A region's cumulative figures over a plan period against its cumulative targets, each year's contribution
/// beside them. <paramref name="All"/> counts every programme together (unique people once, however many programmes).
/// </summary>
public sealed record PeriodProgress(
    string RegionCode, string RegionName, int FromYear, int ToYear, DateOnly AsOf, decimal ElapsedPercent,
    IReadOnlyList<PeriodProgrammeProgress> Programmes, PeriodProgrammeProgress All);

/// <summary>Pure: from the counts and the targets to the answer. Every programme of the catalogue appears.</summary>
public static class ProgressReport
{
    public const string AllProgrammesName = "全部项目";

    public static PeriodProgress Build(Region region, TargetPeriod period, IReadOnlyList<Programme> programmes,
        ProgressCounts counts, IReadOnlyList<Target> targets, DateOnly day)
    {
        PeriodProgrammeProgress Entry(string code, string name)
        {
            var c = counts.Of(code);
            return new PeriodProgrammeProgress(code, name, c.Enrolled, c.Completed, c.UniqueTrainees, c.Withdrawn, c.Cancelled,
                c.Certified, c.CertifiedTrainees, c.CompletedTrainees, Percent(c.CertifiedCompletedTrainees, c.CompletedTrainees),
                Pace.Percent(Pace.ElapsedFraction(period, day)), TargetsFor(code, period, c, targets, day),
                period.EachYear.Select(year =>
                {
                    var y = counts.Of(code, year);
                    var yearly = new TargetPeriod(year, year);
                    return new YearProgress(year, y.Enrolled, y.Completed, y.UniqueTrainees, y.Withdrawn, y.Cancelled, y.Certified,
                        y.CertifiedTrainees, y.CompletedTrainees, Percent(y.CertifiedCompletedTrainees, y.CompletedTrainees), Pace.Percent(Pace.ElapsedFraction(yearly, day)), TargetsFor(code, yearly, y, targets, day),
                        y.Employed, y.EmployedPeople);
                }).ToList(), c.Employed, c.EmployedPeople);
        }

        return new PeriodProgress(region.Code, region.Name, period.FromYear, period.ToYear, day,
            Pace.Percent(Pace.ElapsedFraction(period, day)),
            programmes.Select(p => Entry(p.Code, p.Name)).ToList(), Entry(Target.AllProgrammes, AllProgrammesName));
    }

    /// <summary>
    /// The targets of a programme for exactly this period, one a measure. A span with no target of its own gets the
    /// sum of its years' targets when every one of its years has one (Heyuan's 1000 a year makes 5000 over 2023–2027).
    /// </summary>
    public static IReadOnlyList<TargetProgress> TargetsFor(string programme, TargetPeriod period, Counts counts,
        IReadOnlyList<Target> targets, DateOnly day)
    {
        var found = new List<TargetProgress>();
        foreach (var measure in TargetMeasure.All)
        {
            var mine = targets.Where(t => t.Programme == programme && t.MeasureOrDefault == measure).ToList();
            if (mine.FirstOrDefault(t => t.Covers(period.FromYear, period.ToYear)) is { } own)
            {
                found.Add(Progress(measure, own.Value, period, counts, day, own.Source, derived: false, own.UnitOrDefault));
                continue;
            }
            if (period.IsYearly) continue;
            var yearly = period.EachYear.Select(y => mine.FirstOrDefault(t => t.Covers(y, y))).ToList();
            if (yearly.All(t => t is not null))
                found.Add(Progress(measure, yearly.Sum(t => t!.Value), period, counts, day,
                    string.Join("；", yearly.Select(t => t!.Source).OfType<string>().Distinct()) is { Length: > 0 } s ? s : null,
                    derived: true, yearly[0]!.UnitOrDefault));
        }
        return found;
    }

    public static TargetProgress Progress(string measure, int target, TargetPeriod period, Counts counts, DateOnly day,
        string? source, bool derived, string unit = TargetUnit.PersonTimes)
    {
        var (personTimes, people) = Figures(counts, measure);
        var figure = unit == TargetUnit.People ? people : personTimes;
        var expected = Pace.Expected(target, period, day);
        return new TargetProgress(measure, target, figure, Percent(figure, target), period.FromYear, period.ToYear,
            Pace.Percent(Pace.ElapsedFraction(period, day)), Math.Round(expected, 1), Pace.Status(figure, expected), source, derived,
            unit, personTimes, people);
    }

    /// <summary>A measure's person-times and the distinct people behind them.</summary>
    public static (int PersonTimes, int People) Figures(Counts counts, string measure) => measure switch
    {
        TargetMeasure.Completed => (counts.Completed, counts.CompletedTrainees),
        TargetMeasure.Certified => (counts.Certified, counts.CertifiedTrainees),
        TargetMeasure.Employed => (counts.Employed, counts.EmployedPeople),
        _ => (counts.Enrolled, counts.UniqueTrainees)
    };

    public static decimal? Percent(int part, int? whole) => whole > 0 ? Math.Round(100m * part / whole.Value, 1) : null;

    static readonly (string Measure, string Chinese)[] MeasureNames =
        [(TargetMeasure.Enrolled, "报名人次"), (TargetMeasure.Completed, "结业人次"), (TargetMeasure.Certified, "发证数"),
         (TargetMeasure.Employed, "带动就业")];

    public static readonly IReadOnlyList<ExportColumn> Columns =
    [
        new("地区代码", "Region code"), new("地区", "Region"), new("项目代码", "Programme"), new("项目", "Programme name"),
        new("年度", "Year"), new("截至", "As of"), new("报名人次", "Enrolled"), new("结业人次", "Completed"),
        new("培训人数", "Unique trainees"), new("退出人次", "Withdrawn"), new("取消人次", "Cancelled"), new("发证数", "Certified"),
        new("持证人数", "Certified trainees"), new("结业人数", "Completed trainees"),
        new("结业人员持证率%", "Certified share of completed %"), new("带动就业人次", "Employed"), new("带动就业人数", "Employed people"),
        new("时间进度%", "Elapsed %"),
        .. MeasureNames.SelectMany(m => new ExportColumn[]
        {
            new($"目标·{m.Chinese}", $"Target {m.Measure}"), new($"完成率·{m.Chinese}%", $"Percent of target {m.Measure}"),
            new($"应达·{m.Chinese}", $"Expected {m.Measure}"), new($"进度·{m.Chinese}", $"Pace {m.Measure}")
        })
    ];

    /// <summary>
    /// One row a programme (and one for every programme together) over the period; for a span of years, a row
    /// for each year first, then the span's.
    /// </summary>
    public static ExportTable ToTable(PeriodProgress report, string name)
    {
        var rows = new List<object?[]>();
        foreach (var p in report.Programmes.Append(report.All))
        {
            if (report.ToYear > report.FromYear)
                rows.AddRange(p.Years.Select(y => Row(report, p, $"{y.Year}", y.Enrolled, y.Completed, y.UniqueTrainees, y.Withdrawn,
                    y.Cancelled, y.Certified, y.CertifiedTrainees, y.CompletedTrainees, y.CertifiedShareOfCompleted, y.Employed,
                    y.EmployedPeople, y.ElapsedPercent, y.Targets)));
            rows.Add(Row(report, p, report.ToYear > report.FromYear ? $"{report.FromYear}-{report.ToYear}" : $"{report.FromYear}",
                p.Enrolled, p.Completed, p.UniqueTrainees, p.Withdrawn, p.Cancelled, p.Certified, p.CertifiedTrainees, p.CompletedTrainees,
                p.CertifiedShareOfCompleted, p.Employed, p.EmployedPeople, p.ElapsedPercent, p.Targets));
        }
        return new ExportTable(name, Columns, rows);
    }

    /// <summary>The same table for one year's answer: a row a programme, and one for every programme together.</summary>
    public static ExportTable ToTable(RegionProgress year, string name) =>
        new(name, Columns, year.Programmes.Append(year.All!).Select(p => Row(year.RegionCode, year.RegionName, year.AsOf!.Value,
            p.Programme, p.Name, $"{year.Year}", p.Enrolled, p.Completed, p.UniqueTrainees, p.Withdrawn, p.Cancelled, p.Certified,
            p.CertifiedTrainees, p.CompletedTrainees, p.CertifiedShareOfCompleted, p.Employed, p.EmployedPeople, p.ElapsedPercent!.Value,
            p.Targets!)).ToList());

    static object?[] Row(PeriodProgress report, PeriodProgrammeProgress p, string years, int enrolled, int completed, int unique,
        int withdrawn, int cancelled, int certified, int certifiedTrainees, int completedTrainees, decimal? share, int employed,
        int employedPeople, decimal elapsed, IReadOnlyList<TargetProgress> targets) =>
        Row(report.RegionCode, report.RegionName, report.AsOf, p.Programme, p.Name, years, enrolled, completed, unique, withdrawn,
            cancelled, certified, certifiedTrainees, completedTrainees, share, employed, employedPeople, elapsed, targets);

    static object?[] Row(string regionCode, string regionName, DateOnly asOf, string programme, string programmeName, string years,
        int enrolled, int completed, int unique, int withdrawn, int cancelled, int certified, int certifiedTrainees, int completedTrainees,
        decimal? share, int employed, int employedPeople, decimal elapsed, IReadOnlyList<TargetProgress> targets) =>
    [
        regionCode, regionName, programme, programmeName, years, asOf, enrolled, completed, unique, withdrawn,
        cancelled, certified, certifiedTrainees, completedTrainees, share, employed, employedPeople, elapsed,
        .. MeasureNames.SelectMany(m => targets.FirstOrDefault(t => t.Measure == m.Measure) is { } t
            ? new object?[] { t.Target, t.PercentOfTarget, t.Expected, t.Pace }
            : [null, null, null, null])
    ];
}
