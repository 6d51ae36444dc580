using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Schema;
using Training.Web;

namespace Training.Targets;

/// <summary>
/// The targets written in the plans (see plan-targets.json), there on first start without anyone typing
/// them. Only a target that was never set is seeded, so a bureau's own later value is never overwritten.
/// </summary>
public sealed class PlanTargets(string file, TimeProvider clock) : IInitialData
{
    sealed record Entry(string RegionCode, string Programme, int FromYear, int ToYear, int PersonTimes, string Source);

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var entries = JsonSerializer.Deserialize<List<Entry>>(await File.ReadAllTextAsync(file, cancellation),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        await using var session = store.LightweightSession();
        foreach (var e in entries)
        for (var year = e.FromYear; year <= e.ToYear; year++)
        {
            var id = Target.IdFor(e.RegionCode, e.Programme, year);
            if (await session.Events.FetchStreamStateAsync(id, cancellation) is null)
                session.Events.StartStream<Target>(id, new TargetSet(id, e.RegionCode, e.Programme, year, e.PersonTimes, e.Source, clock.Today()));
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
