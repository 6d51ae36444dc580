using JasperFx.Events;
using Marten;
using Training.Progress;

namespace Training.Targets;

public static class RegionTargets
{
    /// <summary>
    /// The targets set for a region, now or as they stood at the end of the as-of day: each target's last value
    /// recorded by then, and none that was first set later.
    /// </summary>
    public static async Task<IReadOnlyList<Target>> LoadAsync(IQuerySession session, string regionCode, AsOf? asOf,
        CancellationToken cancellation)
    {
        var current = await session.Query<Target>().Where(t => t.RegionCode == regionCode).ToListAsync(cancellation);
        if (asOf is not { } a || current.Count == 0) return current;

        var ids = current.Select(t => t.Id).ToArray();
        var until = a.Until;
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.Timestamp < until)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        return events.Select(e => e.Data).OfType<TargetSet>()
            .GroupBy(e => e.TargetId)
            .Select(g => Target.Create(g.Last()))
            .ToList();
    }
}
