using System.Diagnostics.Metrics;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace Training.Operations;

/// <summary>
/// How far each projection is behind the event store, in events: the highest event sequence minus the sequence its
/// row in <c>mt_event_progression</c> has reached (every event, when it has no row yet). An inline projection commits
/// with its events, so it is never behind (0). Published as the gauge <c>training.projection.lag</c> by projection,
/// read every few seconds; <c>/health/ready</c> reads it afresh.
/// </summary>
public sealed class ProjectionLag : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    readonly NpgsqlDataSource _db;
    readonly StoreOptions _options;
    readonly ILogger<ProjectionLag> _logger;
    volatile IReadOnlyDictionary<string, long> _last = new Dictionary<string, long>();

    public ProjectionLag(NpgsqlDataSource db, IDocumentStore store, IMeterFactory meters, ILogger<ProjectionLag> logger)
    {
        (_db, _options, _logger) = (db, (StoreOptions)store.Options, logger);
        // An observable gauge must not wait on the database: it reports the last figures read.
        meters.Create(Telemetry.MeterName).CreateObservableGauge("training.projection.lag",
            () => _last.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("projection", p.Key))),
            "{event}", "Events recorded that the projection has not processed yet");
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellation)
    {
        var projections = _options.Projections.All.ToList();
        var schema = _options.Events.DatabaseSchemaName;
        long highest;
        await using (var command = _db.CreateCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events"))
            highest = (long)(await command.ExecuteScalarAsync(cancellation))!;

        var reached = new Dictionary<string, long>();
        await using (var command = _db.CreateCommand($"""
            select name, last_seq_id from {schema}.mt_event_progression
            where to_regclass('{schema}.mt_event_progression') is not null
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
            {
                // Shards are named "Projection:ShardKey" (e.g. "ProgressCounts:All"); a projection is as far as its slowest shard.
                var projection = reader.GetString(0).Split(':')[0];
                var sequence = reader.GetInt64(1);
                reached[projection] = reached.TryGetValue(projection, out var other) ? Math.Min(other, sequence) : sequence;
            }

        var lag = projections.ToDictionary(p => p.Name, p => p.Lifecycle != ProjectionLifecycle.Async ? 0
            : Math.Max(highest - reached.GetValueOrDefault(p.Name), 0));
        _last = lag;
        return lag;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try { await ReadAsync(stopping); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _logger.LogWarning("Projection lag not read: {Reason}", e.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stopping));
    }
}
