using System.Security.Claims;
using Training.Catalogue;
using Training.Web;

namespace Training.Access;

public static class Roles
{
    public const string Institution = "institution", Bureau = "bureau", Certifier = "certifier", Admin = "admin";
    public static readonly string[] All = [Institution, Bureau, Certifier, Admin];
}

/// <summary>The claims a token carries, as the service reads them (no mapping to Microsoft's long claim names).</summary>
public static class ClaimNames
{
    public const string Subject = "sub", Name = "name", Role = "role", Institution = "institution", Region = "region", Scope = "scope";
    /// <summary>The scope that lets a bureau or an admin read one trainee's full ID number.</summary>
    public const string PersonalData = "pii";
}

/// <summary>
/// Who is calling, and the pure rules of what they may touch: an institution only its own institution's
/// classes, a bureau its region and every region below it, a certifier certificates and trainees, an admin all.
/// </summary>
public sealed record Caller(string Subject, string Name, string Role, Guid? InstitutionId, string? RegionCode, IReadOnlySet<string> Scopes)
{
    public bool IsAdmin => Role == Roles.Admin;

    public static Caller From(ClaimsPrincipal user)
    {
        string? Claim(string type) => user.FindFirst(type)?.Value;
        return new Caller(
            Claim(ClaimNames.Subject) ?? "", Claim(ClaimNames.Name) ?? Claim(ClaimNames.Subject) ?? "", Claim(ClaimNames.Role) ?? "",
            Guid.TryParse(Claim(ClaimNames.Institution), out var institution) ? institution : null,
            Claim(ClaimNames.Region),
            (Claim(ClaimNames.Scope) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
    }

    /// <summary>Registers, cancels and enrolls in the classes of <paramref name="institutionId"/>.</summary>
    public bool RunsInstitution(Guid institutionId) => IsAdmin || Role == Roles.Institution && InstitutionId == institutionId;

    /// <summary>A bureau oversees its region and every region below it.</summary>
    public bool Oversees(Region region) => IsAdmin || Role == Roles.Bureau && RegionCode is not null && region.IsWithin(RegionCode);

    /// <summary>The institution itself, or a bureau over the region the class (or institution) is in.</summary>
    public bool CanRead(Guid institutionId, Region region) => RunsInstitution(institutionId) || Oversees(region);

    /// <summary>Records where people found work: the institution that trained them, a bureau over the region they trained in.</summary>
    public bool FollowsUp(Guid institutionId, Region region) => CanRead(institutionId, region);

    public bool Certifies => IsAdmin || Role == Roles.Certifier;

    public bool MayReadPersonalData => (IsAdmin || Role == Roles.Bureau) && Scopes.Contains(ClaimNames.PersonalData);

    public static Refusal Forbidden(string what) => Refusal.Forbidden($"this sign-in may not {what}");
}
