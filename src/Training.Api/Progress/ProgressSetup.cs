using System.Diagnostics;
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
            options.Projections.Add(new ProgressProjection(sp.GetRequiredService<NpgsqlDataSource>()), ProjectionLifecycle.Async,
                ProgressProjection.Name, o => o.BatchSize = 2000);
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
/// Read-your-writes over an asynchronous projection: a read first takes the highest committed event sequence, then
/// waits until the projection has passed it, polling every few milliseconds, for <c>Training:Progress:ReadWait</c> at most
/// (<see cref="DefaultBound"/> unless configured; the tests allow more, as a machine loaded with builds can be that slow).
/// </summary>
public static class ProgressFreshness
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    /// <summary>Null once the projection has caught up; otherwise a 503 with Retry-After, never a figure known to be stale.</summary>
    public static async Task<IResult?> AwaitAsync(NpgsqlDataSource db, HttpResponse response, CancellationToken cancellation)
    {
        await using var connection = await db.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            select coalesce((select max(seq_id) from training.mt_events), 0),
                   coalesce((select last_seq_id from training.mt_event_progression where name = '{ProgressProjection.ShardName}'), 0)
            """, connection);
        var bound = response.HttpContext.RequestServices.GetService<IConfiguration>()?.GetValue("Training:Progress:ReadWait", DefaultBound)
                    ?? DefaultBound;
        var started = Stopwatch.StartNew();
        long highest = -1, progression;
        while (true)
        {
            await using (var reader = await command.ExecuteReaderAsync(cancellation))
            {
                await reader.ReadAsync(cancellation);
                if (highest < 0) highest = reader.GetInt64(0);
                progression = reader.GetInt64(1);
            }
            if (progression >= highest) return null;
            if (started.Elapsed >= bound) break;
            await Task.Delay(Poll, cancellation);
        }
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
