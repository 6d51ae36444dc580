using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Catalogue;
using Training.Web;
using Wolverine.Http;

namespace Training.Targets;

/// <summary>
/// <paramref name="Value"/> is the target's figure; <paramref name="PersonTimes"/> is its older name, still accepted.
/// <paramref name="Measure"/> defaults to <c>enrolled</c>.
/// </summary>
public sealed record SetTarget(int? PersonTimes, string? Source, int? Value = null, string? Measure = null);

public static class SetTargetEndpoint
{
    public const int MaxPersonTimes = 10_000_000;

    /// <summary>The programme codes a target may name: the catalogue's, or <c>all</c> for a target over every programme.</summary>
    public static string[] ProgrammeCodes(ProgrammeCatalogue catalogue) =>
        [.. catalogue.Programmes.Select(p => p.Code), Target.AllProgrammes];

    public static Validation Check(string regionCode, string programme, string period, SetTarget cmd, ProgrammeCatalogue catalogue)
    {
        var periodField = period.Contains('-') ? "period" : "year";
        var (_, periodRefusal) = TargetPeriod.Parse(period, periodField);
        var measure = cmd.Measure ?? TargetMeasure.Enrolled;
        // The value is reported under the name the client used; when it sent neither, under the measure's usual name.
        var valueField = cmd.Value is not null || (cmd.PersonTimes is null && measure == TargetMeasure.Certified) ? "value" : "personTimes";
        var value = cmd.Value ?? cmd.PersonTimes;
        return new Validation()
            .Check(catalogue.Region(regionCode) is not null, "regionCode", "regionCode must be a known GB/T 2260 region code")
            .OneOf(programme, "programme", ProgrammeCodes(catalogue))
            .Check(periodRefusal is null, periodField, periodRefusal?.Message ?? "")
            .OneOf(cmd.Measure, "measure", TargetMeasure.All, required: false)
            .Check(value is >= 0 and <= MaxPersonTimes, valueField, $"{valueField} is required, from 0 to {MaxPersonTimes}")
            .Check(cmd.Value is null || cmd.PersonTimes is null || cmd.Value == cmd.PersonTimes, "value",
                "value and personTimes name the same figure: send one of them")
            .Text(cmd.Source, "source", 500, required: false);
    }

    /// <summary>
    /// Setting a target is idempotent: the latest value stands, and every value ever set stays in the stream.
    /// <paramref name="period"/> is one year (<c>2026</c>) or a span counted together (<c>2021-2025</c>).
    /// </summary>
    [WolverinePut("/api/targets/{regionCode}/{programme}/{period}"), Tags("Targets")]
    [EndpointSummary("Set a target: a region, a programme (or all), a period (2026 or 2021-2025), a measure and a value")]
    [ProducesResponseType(204)]
    [ProducesResponseType<HttpValidationProblemDetails>(400, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(403, "application/problem+json")]
    public static IResult Put(string regionCode, string programme, string period, SetTarget cmd, IDocumentSession session,
        ProgrammeCatalogue catalogue, TimeProvider clock)
    {
        var validation = Check(regionCode, programme, period, cmd, catalogue);
        if (!validation.IsValid) return Problems.Invalid(validation);

        var (p, _) = TargetPeriod.Parse(period, "period");
        var measure = cmd.Measure ?? TargetMeasure.Enrolled;
        var id = Target.IdFor(regionCode, programme, measure, p.FromYear, p.ToYear);
        session.Events.Append(id, new TargetSet(id, regionCode, programme, p.FromYear, (cmd.Value ?? cmd.PersonTimes)!.Value,
            cmd.Source?.Trim(), clock.Today(), measure, p.ToYear));
        return Results.NoContent();
    }
}
