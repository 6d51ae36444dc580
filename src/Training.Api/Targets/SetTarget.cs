using Marten;
using Microsoft.AspNetCore.Http;
using Training.Catalogue;
using Training.Web;
using Wolverine.Http;

namespace Training.Targets;

public sealed record SetTarget(int? PersonTimes, string? Source);

public static class SetTargetEndpoint
{
    public const int MaxPersonTimes = 10_000_000;

    public static Validation Validate(string regionCode, string programme, int year, SetTarget cmd, ProgrammeCatalogue catalogue) =>
        new Validation()
            .Check(catalogue.Region(regionCode) is not null, "regionCode", "regionCode must be a known GB/T 2260 region code")
            .OneOf(programme, "programme", catalogue.Programmes.Select(p => p.Code).ToArray())
            .Check(year is >= 2000 and <= 2100, "year", "year must be from 2000 to 2100")
            .Check(cmd.PersonTimes is >= 0 and <= MaxPersonTimes, "personTimes", $"personTimes is required, from 0 to {MaxPersonTimes}")
            .Text(cmd.Source, "source", 500, required: false);

    // Setting a target is idempotent: the latest value stands, and every value ever set stays in the stream.
    [WolverinePut("/api/targets/{regionCode}/{programme}/{year}")]
    public static IResult Put(string regionCode, string programme, int year, SetTarget cmd, IDocumentSession session,
        ProgrammeCatalogue catalogue, TimeProvider clock)
    {
        var validation = Validate(regionCode, programme, year, cmd, catalogue);
        if (!validation.IsValid) return Problems.Invalid(validation);

        var id = Target.IdFor(regionCode, programme, year);
        session.Events.Append(id, new TargetSet(id, regionCode, programme, year, cmd.PersonTimes!.Value, cmd.Source?.Trim(), clock.Today()));
        return Results.NoContent();
    }
}
