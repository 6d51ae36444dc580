using Training.Identity;

namespace Training.Targets;

/// <summary>A yearly person-time target for one region and programme, and the document it comes from.</summary>
public sealed record TargetSet(Guid TargetId, string RegionCode, string Programme, int Year, int PersonTimes, string? Source, DateOnly SetOn);

public sealed record Target(Guid Id, string RegionCode, string Programme, int Year, int PersonTimes, string? Source, DateOnly SetOn)
{
    /// <summary>One stream per region, programme and year: setting it again is a new event on the same stream.</summary>
    public static Guid IdFor(string regionCode, string programme, int year) => StableIds.From("target", $"{regionCode}/{programme}/{year}");

    public static Target Create(TargetSet e) => new(e.TargetId, e.RegionCode, e.Programme, e.Year, e.PersonTimes, e.Source, e.SetOn);
    public Target Apply(TargetSet e) => Create(e);
}
