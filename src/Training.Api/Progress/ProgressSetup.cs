using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Training.Progress;

/// <summary>What progress needs from the host: the projection, its tables, and a daemon that looks for new events often.</summary>
public static class ProgressSetup
{
    public static IServiceCollection AddProgress(this IServiceCollection services)
    {
        services.ConfigureMarten((sp, options) =>
        {
            // Pages of at most 500 events (Marten's default): under load a page holds about 130, and the larger pages of a
            // catch-up, each alive for hundreds of milliseconds, set the service's peak memory (2,000: 10-15 MB higher).
            var progress = new ProjectionWrapper<IDocumentOperations, IQuerySession>(
                new ProgressProjection(sp.GetRequiredService<NpgsqlDataSource>()), ProjectionLifecycle.Async) { Name = ProgressProjection.Name };
            progress.Options.BatchSize = 500;
            // Only the events a figure follows are fetched and deserialized: the person's own (half of a first enrollment's
            // events) are not (ProgressPage.Apply ignores them).
            foreach (var type in ProgressProjection.Follows) progress.IncludeType(type);
            options.Projections.Add(progress, ProjectionLifecycle.Async);
            options.Storage.ExtendedSchemaObjects.AddRange(ProgressTables.All());
            // A read waits for the projection to pass what was acknowledged before it: the daemon looks for new events every
            // 20 ms, busy or quiet (Marten's defaults, 250 ms and 1 s, would make every read after a write wait that long).
            options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(20);
            options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(20);
        });
        return services;
    }
}

/// <summary>
/// Read-your-writes over an asynchronous projection: a read takes the highest committed event sequence when it begins and waits
/// until the projection has passed it, for <c>Training:Progress:ReadWait</c> at most (<see cref="DefaultBound"/> unless
/// configured; the tests allow more, as a machine loaded with builds can be that slow). <see cref="ProgressRead"/> does it in
/// the read's own round trip.
/// </summary>
public static class ProgressFreshness
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    public static TimeSpan Bound(HttpResponse response) =>
        response.HttpContext.RequestServices.GetService<IConfiguration>()?.GetValue("Training:Progress:ReadWait", DefaultBound) ?? DefaultBound;

    /// <summary>A 503 with Retry-After, never a figure known to be stale.</summary>
    public static IResult Behind(HttpResponse response, long progression, long highest)
    {
        response.Headers.RetryAfter = "1";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Progress is catching up",
            detail: $"the progress projection has reached event {progression} of {highest}; ask again in a second",
            extensions: new Dictionary<string, object?> { ["behind"] = highest - progression });
    }

    /// <summary>Each projection's lag behind the event store: the highest event sequence minus its progression.</summary>
    public static async Task<Dictionary<string, long>> LagAsync(NpgsqlDataSource db, CancellationToken cancellation)
    {
        await using var command = db.CreateCommand($"""
            select p.name, greatest(coalesce((select max(seq_id) from training.mt_events), 0) - coalesce(p.last_seq_id, 0), 0)
            from (select '{ProgressProjection.ShardName}' as name) n
            left join training.mt_event_progression p on p.name = n.name
            union all
            select name, greatest(coalesce((select max(seq_id) from training.mt_events), 0) - last_seq_id, 0)
            from training.mt_event_progression where name <> '{ProgressProjection.ShardName}' and name <> 'HighWaterMark'
            """);
        var lag = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            lag[reader.IsDBNull(0) ? ProgressProjection.ShardName : reader.GetString(0)] = reader.GetInt64(1);
        return lag;
    }
}
