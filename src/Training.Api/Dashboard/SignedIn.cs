using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Training.Access;
using Training.Catalogue;
using Wolverine.Http;

namespace Training.Dashboard;

/// <summary>A region whose progress the caller may read; <paramref name="ParentCode"/> is null at the top of the caller's scope.</summary>
public sealed record ReadableRegion(string Code, string Name, string Level, string? ParentCode);

/// <summary>Who the token says is calling, and the regions they may read (empty for an institution or a certifier).</summary>
public sealed record SignedIn(string Subject, string Name, string Role, string? RegionCode, string? RegionName, IReadOnlyList<ReadableRegion> Regions);

public static class SignedInEndpoint
{
    /// <summary>The regions the same rule as every progress read (<see cref="Caller.Oversees"/>) lets through, in code order (a city, then its counties).</summary>
    public static IReadOnlyList<ReadableRegion> Readable(Caller caller, ProgrammeCatalogue catalogue)
    {
        var regions = catalogue.Regions.Where(caller.Oversees).OrderBy(r => r.Code).ToList();
        var codes = regions.Select(r => r.Code).ToHashSet();
        return regions.Select(r => new ReadableRegion(r.Code, r.Name, r.Level.ToString().ToLowerInvariant(),
            Parent(r) is { } parent && codes.Contains(parent) ? parent : null)).ToList();
    }

    static string? Parent(Region region) => region.Level switch
    {
        RegionLevel.County => region.CityCode,
        RegionLevel.City => region.ProvinceCode,
        _ => null
    };

    [WolverineGet("/api/me"), Tags("Dashboard"), EndpointSummary("Who is signed in, and the regions whose progress they may read")]
    public static SignedIn Get(ClaimsPrincipal user, ProgrammeCatalogue catalogue)
    {
        var caller = Caller.From(user);
        return new SignedIn(caller.Subject, caller.Name, caller.Role, caller.RegionCode, catalogue.Region(caller.RegionCode)?.Name,
            Readable(caller, catalogue));
    }
}
