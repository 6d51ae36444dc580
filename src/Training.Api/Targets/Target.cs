using System.Text.Json.Serialization;
using Training.Identity;

namespace Training.Targets;

/// <summary>
/// What a target counts: person-times enrolled, person-times completed (结业, passed), valid certificates, employment outcomes
/// (带动就业创业).
/// </summary>
public static class TargetMeasure
{
    public const string Enrolled = "enrolled", Completed = "completed", Certified = "certified", Employed = "employed";
    public static readonly string[] All = [Enrolled, Completed, Certified, Employed];
}

/// <summary>
/// What a target's value is held against: the measure's person-times (人次, the default) or the distinct people behind them
/// (人): Dongyuan's plan wants 500 people into work from 粤菜师傅 but 1000 人次 from 南粤家政.
/// </summary>
public static class TargetUnit
{
    public const string PersonTimes = "person-times", People = "people";
    public static readonly string[] All = [PersonTimes, People];
}

/// <summary>
/// A target as a plan writes it: region, programme (or <see cref="Target.AllProgrammes"/>), measure, period and value,
/// with the document it comes from. <paramref name="Year"/> is the period's first year and <paramref name="PersonTimes"/>
/// its value, whatever the measure: the event's names predate measures and periods and stay for the events already stored
/// (<see cref="Target"/> says FromYear and Value). Events recorded before measures and periods existed lack
/// <paramref name="Measure"/> and <paramref name="ToYear"/>: they are yearly person-time targets, <see cref="TargetMeasure.Enrolled"/>
/// in <paramref name="Year"/>.
/// </summary>
public sealed record TargetSet(
    Guid TargetId, string RegionCode, string Programme, int Year, int PersonTimes, string? Source, DateOnly SetOn,
    string? Measure = null, int? ToYear = null, string? Unit = null);

/// <summary>
/// The target of one region, programme, measure and period (<paramref name="FromYear"/> to <see cref="LastYear"/>).
/// The stored document keeps the JSON names it was first written with ("year", "personTimes"), so snapshots recorded
/// before the rename read the same.
/// </summary>
public sealed record Target(
    Guid Id, string RegionCode, string Programme, [property: JsonPropertyName("year")] int FromYear,
    [property: JsonPropertyName("personTimes")] int Value, string? Source, DateOnly SetOn, string? Measure = null, int? ToYear = null,
    string? Unit = null)
{
    /// <summary>The programme code of a target over every programme (Dongyuan's 1000 people certified, 2021–2025).</summary>
    public const string AllProgrammes = "all";

    [JsonIgnore] public string MeasureOrDefault => Measure ?? TargetMeasure.Enrolled;
    [JsonIgnore] public int LastYear => ToYear ?? FromYear;
    [JsonIgnore] public string UnitOrDefault => Unit ?? TargetUnit.PersonTimes;
    [JsonIgnore] public bool IsYearly => LastYear == FromYear;

    /// <summary>One stream per region, programme and year: setting it again is a new event on the same stream.</summary>
    public static Guid IdFor(string regionCode, string programme, int year) => StableIds.From("target", $"{regionCode}/{programme}/{year}");

    /// <summary>
    /// One stream per region, programme, measure and period. A yearly person-time target keeps the id it always had,
    /// so the streams recorded before measures and periods existed go on being the same targets.
    /// </summary>
    public static Guid IdFor(string regionCode, string programme, string measure, int fromYear, int toYear) =>
        measure == TargetMeasure.Enrolled && fromYear == toYear
            ? IdFor(regionCode, programme, fromYear)
            : StableIds.From("target", $"{regionCode}/{programme}/{measure}/{fromYear}-{toYear}");

    public static Target Create(TargetSet e) =>
        new(e.TargetId, e.RegionCode, e.Programme, e.Year, e.PersonTimes, e.Source, e.SetOn, e.Measure, e.ToYear, e.Unit);

    public Target Apply(TargetSet e) => Create(e);

    public bool Covers(int fromYear, int toYear) => FromYear == fromYear && LastYear == toYear;
}
