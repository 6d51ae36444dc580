using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Catalogue;
using Training.Web;
using Wolverine.Http;

namespace Training.Targets;

public sealed record TargetView(
    string RegionCode, string RegionName, string Programme, string ProgrammeName, string Measure, int FromYear, int ToYear,
    int Value, string? Source, DateOnly SetOn, string Unit = TargetUnit.PersonTimes);

public static class ListTargetsEndpoint
{
    public static TargetView View(Target t, ProgrammeCatalogue catalogue) => new(
        t.RegionCode, catalogue.Region(t.RegionCode)?.Name ?? t.RegionCode, t.Programme, ProgrammeName(t.Programme, catalogue),
        t.MeasureOrDefault, t.FromYear, t.LastYear, t.Value, t.Source, t.SetOn, t.UnitOrDefault);

    public static string ProgrammeName(string programme, ProgrammeCatalogue catalogue) =>
        programme == Target.AllProgrammes ? "全部项目" : catalogue.Programme(programme)?.Name ?? programme;

    /// <summary>Every target, or those set for one region (not the regions below it), the plans' and the bureaus' alike.</summary>
    [WolverineGet("/api/targets"), Tags("Targets"), EndpointSummary("The targets set for a region (the plans' and the bureaus')")]
    [ProducesResponseType<List<TargetView>>(200)]
    [ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    public static async Task<IResult> Get(string? regionCode, IQuerySession session, ProgrammeCatalogue catalogue,
        CancellationToken cancellation)
    {
        if (regionCode is not null && catalogue.Region(regionCode) is null)
            return Problems.NotFound("regionCode", $"no region {Validation.Clip(regionCode)}");

        var query = session.Query<Target>();
        var targets = regionCode is null
            ? await query.ToListAsync(cancellation)
            : await query.Where(t => t.RegionCode == regionCode).ToListAsync(cancellation);
        var measures = TargetMeasure.All.ToList();
        return Results.Ok(targets
            .OrderBy(t => t.RegionCode).ThenBy(t => t.Programme).ThenBy(t => measures.IndexOf(t.MeasureOrDefault))
            .ThenBy(t => t.FromYear).ThenBy(t => t.LastYear)
            .Select(t => View(t, catalogue)).ToList());
    }
}
