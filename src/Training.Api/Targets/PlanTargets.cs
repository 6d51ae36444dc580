using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Schema;
using Training.Web;

namespace Training.Targets;

/// <summary>
/// The targets written in the plans (see plan-targets.json), there on first start without anyone typing
/// them. Only a target that was never set is seeded, so a bureau's own later value is never overwritten.
/// An entry is a value for each year from fromYear to toYear, or, when <c>cumulative</c>, one value for
/// the whole span (Dongyuan's 2021–2025 plan).
/// </summary>
public sealed class PlanTargets(string file, TimeProvider clock) : IInitialData
{
    sealed record Entry(string RegionCode, string Programme, int FromYear, int ToYear, int Value, string Source,
        string Measure = TargetMeasure.Enrolled, bool Cumulative = false, string? Unit = null)
    {
        public IEnumerable<TargetPeriod> Periods => Cumulative
            ? [new TargetPeriod(FromYear, ToYear)]
            : Enumerable.Range(FromYear, ToYear - FromYear + 1).Select(y => new TargetPeriod(y, y));
    }

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var entries = JsonSerializer.Deserialize<List<Entry>>(await File.ReadAllTextAsync(file, cancellation),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        await using var session = store.LightweightSession();
        foreach (var e in entries)
        foreach (var period in e.Periods)
        {
            var id = Target.IdFor(e.RegionCode, e.Programme, e.Measure, period.FromYear, period.ToYear);
            if (await session.Events.FetchStreamStateAsync(id, cancellation) is null)
                session.Events.StartStream<Target>(id, new TargetSet(id, e.RegionCode, e.Programme, period.FromYear, e.Value, e.Source,
                    clock.Today(), e.Measure, period.ToYear, e.Unit));
        }
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Another node seeded at the same moment: the targets are there either way.
        }
    }
}
