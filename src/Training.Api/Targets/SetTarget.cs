using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Catalogue;
using Training.Web;
using Wolverine.Http;

namespace Training.Targets;

/// <summary>
/// <paramref name="Value"/> is the target's figure; <paramref name="PersonTimes"/> is its older name, still accepted.
/// <paramref name="Measure"/> defaults to <c>enrolled</c>, <paramref name="Unit"/> to <c>person-times</c>.
/// </summary>
[RequiresAny("personTimes", "value")]
public sealed record SetTargetRequest(
    [property: Range(0, SetTargetEndpoint.MaxPersonTimes)] int? PersonTimes,
    [property: Text(500)] string? Source,
    [property: Range(0, SetTargetEndpoint.MaxPersonTimes)] int? Value = null,
    [property: OneOf(typeof(TargetMeasure), nameof(TargetMeasure.All))] string? Measure = null,
    [property: OneOf(typeof(TargetUnit), nameof(TargetUnit.All))] string? Unit = null);

public sealed record SetTarget(string RegionCode, string Programme, TargetPeriod Period, string Measure, int Value, string? Source,
    string? Unit = null);

public static class SetTargetEndpoint
{
    public const int MaxPersonTimes = 10_000_000;

    /// <summary>The programme codes a target may name: the catalogue's, or <c>all</c> for a target over every programme.</summary>
    public static string[] ProgrammeCodes(ProgrammeCatalogue catalogue) =>
        [.. catalogue.Programmes.Select(p => p.Code), Target.AllProgrammes];

    public static Checked<SetTarget> Check(string regionCode, string programme, string period, SetTargetRequest request, ProgrammeCatalogue catalogue)
    {
        var periodField = period.Contains('-') ? "period" : "year";
        var (parsed, periodRefusal) = TargetPeriod.Parse(period, periodField);
        var measure = request.Measure ?? TargetMeasure.Enrolled;
        // The value is reported under the name the client used; when it sent neither, under the measure's usual name.
        var valueField = request.Value is not null || (request.PersonTimes is null && measure == TargetMeasure.Certified) ? "value" : "personTimes";
        var value = request.Value ?? request.PersonTimes;
        return new Validation()
            .Check(catalogue.Region(regionCode) is not null, "regionCode", "regionCode must be a known GB/T 2260 region code")
            .OneOf(programme, "programme", ProgrammeCodes(catalogue))
            .Check(periodRefusal is null, periodField, periodRefusal?.Message ?? "")
            .OneOf(request.Measure, "measure", TargetMeasure.All, required: false)
            .OneOf(request.Unit, "unit", TargetUnit.All, required: false)
            .Check(value is >= 0 and <= MaxPersonTimes, valueField, $"{valueField} is required, from 0 to {MaxPersonTimes}")
            .Check(request.Value is null || request.PersonTimes is null || request.Value == request.PersonTimes, "value",
                "value and personTimes name the same figure: send one of them")
            .Text(request.Source, "source", 500, required: false)
            .Then(() => new SetTarget(regionCode, programme, parsed, measure, value!.Value, request.Source?.Trim(), request.Unit));
    }

    /// <summary>
    /// Setting a target is idempotent: the latest value stands, and every value ever set stays in the stream.
    /// <paramref name="period"/> is one year (<c>2026</c>) or a span counted together (<c>2021-2025</c>).
    /// </summary>
    [WolverinePut("/api/targets/{regionCode}/{programme}/{period}"), Audited, RegionOversight, Tags("Targets")]
    [EndpointSummary("Set a target: a region, a programme (or all), a period (2026 or 2021-2025), a measure and a value")]
    [ProducesResponseType(204), Refuses(400), Refuses(403)]
    public static Task<IResult> Put(string regionCode, string programme, string period, SetTargetRequest request, IDocumentSession session,
        ProgrammeCatalogue catalogue, TimeProvider clock) =>
        Command.Run(request, r => Check(regionCode, programme, period, r, catalogue), cmd =>
            {
                var id = Target.IdFor(cmd.RegionCode, cmd.Programme, cmd.Measure, cmd.Period.FromYear, cmd.Period.ToYear);
                session.Events.Append(id, new TargetSet(id, cmd.RegionCode, cmd.Programme, cmd.Period.FromYear, cmd.Value, cmd.Source,
                    clock.Today(), cmd.Measure, cmd.Period.ToYear, cmd.Unit));
                return Refusal.None;
            },
            _ => Results.NoContent());
}
