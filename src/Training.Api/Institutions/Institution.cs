using Training.Identity;

namespace Training.Institutions;

public sealed record InstitutionRegistered(
    Guid InstitutionId, string Name, string CreditCode, string Kind, string RegionCode, DateOnly RegisteredOn);

/// <summary>A training institution: 院校, 培训机构, 企业, 培训基地 or 大师工作室.</summary>
public sealed record Institution(Guid Id, string Name, string CreditCode, string Kind, string RegionCode, DateOnly RegisteredOn)
{
    public static readonly string[] Kinds = ["technical-school", "training-provider", "enterprise", "training-base", "master-studio"];

    /// <summary>One credit code, one stream: a second registration collides on the stream key.</summary>
    public static Guid IdFor(string creditCode) => StableIds.From("institution", creditCode);

    public static Institution Create(InstitutionRegistered e) =>
        new(e.InstitutionId, e.Name, e.CreditCode, e.Kind, e.RegionCode, e.RegisteredOn);
}
