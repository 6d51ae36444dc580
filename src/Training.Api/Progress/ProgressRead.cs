using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;
using Training.Catalogue;
using Training.Targets;

namespace Training.Progress;

/// <summary>What a progress read needs, read in one round trip: the figures, the region's targets, and for a breakdown its splits.</summary>
public sealed record ProgressRead(ProgressCounts Counts, IReadOnlyList<Target> Targets,
    IReadOnlyList<(string Split, string Code, int[] Figures)> Slices, long Position)
{
    /// <summary>
    /// JSON answers by request (path, query and the day they are for), each with the projection's position it was read at.
    /// Every change a read can see moves that position: the projection's writes commit with it, and a target is set by an
    /// event the projection must pass before any read answers. So while the position stands still an answer stays true.
    /// </summary>
    static readonly ConcurrentDictionary<string, (long Position, byte[] Json)> Answers = new();
    const long MaxBytes = 64 << 20; // a breakdown of a province with thousands of institutions is a few hundred KB
    static long _bytes;

    public static string Key(HttpRequest http, DateOnly day) => $"{http.Path}{http.QueryString}|{day:yyyy-MM-dd}";

    /// <summary>
    /// The answer kept for <paramref name="key"/>, when the projection has passed every event committed now and has not moved
    /// since the answer was read: one small query (the highest sequence and the position) instead of the sums. Null otherwise.
    /// </summary>
    public static async Task<IResult?> KeptAsync(NpgsqlDataSource db, string key, CancellationToken cancellation)
    {
        if (!Answers.TryGetValue(key, out var kept)) return null;
        var (highest, position) = await Gates.GetValue(db, d => new FreshnessGate(d)).NextAsync().WaitAsync(cancellation);
        return position >= highest && position == kept.Position ? Results.Bytes(kept.Json, "application/json; charset=utf-8") : null;
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NpgsqlDataSource, FreshnessGate> Gates = new();

    /// <summary>
    /// Reads that begin while a freshness query is on its way share the next one, sent once that one is back: it is sent after
    /// they began, so its snapshot holds every event committed before them. Many readers, one query per round trip.
    /// </summary>
    sealed class FreshnessGate(NpgsqlDataSource db)
    {
        readonly Lock _lock = new();
        Task<(long, long)>? _running;
        TaskCompletionSource<(long, long)>? _waiting;

        public Task<(long Highest, long Position)> NextAsync()
        {
            lock (_lock)
                return _running is null ? Start(null) : (_waiting ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        Task<(long, long)> Start(TaskCompletionSource<(long, long)>? into)
        {
            var query = QueryAsync();
            _running = query;
            query.ContinueWith(done =>
            {
                lock (_lock)
                {
                    _running = null;
                    if (_waiting is { } next)
                    {
                        _waiting = null;
                        Start(next);
                    }
                }
                if (into is null) return;
                if (done.IsFaulted) into.SetException(done.Exception!.InnerExceptions);
                else if (done.IsCanceled) into.SetCanceled();
                else into.SetResult(done.Result);
            }, TaskScheduler.Default);
            return query;
        }

        async Task<(long, long)> QueryAsync()
        {
            await using var command = db.CreateCommand(Freshness);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    /// <summary>Answers with <paramref name="answer"/> as JSON, and keeps it for the next read of <paramref name="key"/>.</summary>
    public static IResult Keep<T>(HttpContext http, string key, long position, T answer)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(answer,
            http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        if (Interlocked.Add(ref _bytes, json.Length) > MaxBytes)
        {
            Answers.Clear();
            Interlocked.Exchange(ref _bytes, json.Length);
        }
        Answers[key] = (position, json);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    const string Freshness = $"""
        select coalesce((select max(seq_id) from training.mt_events), 0) as highest,
               coalesce((select last_seq_id from training.mt_event_progression where name = '{ProgressProjection.ShardName}'), 0) as position
        """;

    /// <summary>
    /// One batch of two statements, one round trip. The first, in one snapshot: the highest committed event sequence, the
    /// projection's progression, and the sums of the projection's rows (and of a breakdown's splits, <paramref name="breakdown"/>:
    /// the programme and the child regions). The second: the region's targets, as of the day when asked. Read-your-writes: the
    /// first answer's highest sequence is the bound; while the progression in the same snapshot is short of it, the batch is
    /// sent again every few milliseconds, for <c>Training:Progress:ReadWait</c> at most, then 503 with Retry-After (see
    /// <see cref="ProgressFreshness"/>). A snapshot whose progression has passed the bound holds every figure up to it.
    /// </summary>
    public static async Task<(ProgressRead? Read, IResult? Behind)> ReadAsync(NpgsqlDataSource db, HttpResponse response, Region region,
        TargetPeriod period, AsOf? asOf, (string Programme, IReadOnlyList<Region> Children)? breakdown, CancellationToken cancellation)
    {
        var bound = ProgressFreshness.Bound(response);
        var started = Stopwatch.StartNew();
        long highest = -1;
        await using var connection = await db.OpenConnectionAsync(cancellation);
        while (true)
        {
            await using var batch = Batch(connection, region, period, asOf, breakdown);
            var additive = new Dictionary<(string, int), int[]>();
            var people = new List<(string Programme, int Year, short Figure, int Prev, int Count)>();
            var slices = new List<(string, string, int[])>();
            long progression = 0;
            var targets = new List<Target>();
            var sets = new List<TargetSet>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellation))
            {
                while (await reader.ReadAsync(cancellation))
                {
                    int[] Figures() => [(int)reader.GetInt64(6), (int)reader.GetInt64(7), (int)reader.GetInt64(8), (int)reader.GetInt64(9),
                        (int)reader.GetInt64(10), (int)reader.GetInt64(11)];
                    switch (reader.GetInt32(0))
                    {
                        case Fresh:
                            if (highest < 0) highest = reader.GetInt64(6);
                            progression = reader.GetInt64(7);
                            break;
                        case Sums: additive[(reader.GetString(1), reader.GetInt32(2))] = Figures(); break;
                        case Distinct:
                            people.Add((reader.GetString(1), reader.GetInt32(2), (short)reader.GetInt64(6), reader.GetInt32(5), (int)reader.GetInt64(7)));
                            break;
                        default: slices.Add((reader.GetString(3), reader.GetString(4), Figures())); break;
                    }
                }
                await reader.NextResultAsync(cancellation);
                while (await reader.ReadAsync(cancellation))
                    if (asOf is null) targets.Add(JsonSerializer.Deserialize<Target>(reader.GetString(0), Json)!);
                    else sets.Add(JsonSerializer.Deserialize<TargetSet>(reader.GetString(0), Json)!);
            }
            if (progression >= highest)
            {
                // As of a day: each target's last value recorded by then, and none first set later.
                if (asOf is not null) targets = sets.GroupBy(e => e.TargetId).Select(g => Target.Create(g.Last())).ToList();
                return (new ProgressRead(ProgressCounts.Combine(period, additive, people), targets, slices, progression), null);
            }
            if (started.Elapsed >= bound) return (null, ProgressFreshness.Behind(response, progression, highest));
            await Task.Delay(ProgressFreshness.Poll, cancellation);
        }
    }

    const int Fresh = 0, Sums = 1, Distinct = 2, Split = 3;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The documents of Marten's inline Target snapshot, and the stream each comes from.</summary>
    const string TargetDocuments = "training.mt_doc_target";

    static NpgsqlBatch Batch(NpgsqlConnection connection, Region region, TargetPeriod period, AsOf? asOf,
        (string Programme, IReadOnlyList<Region> Children)? breakdown)
    {
        // Every row: kind, programme, year, split, code, prev, six figures. $1 region, $2–$3 years, $4–$5 the as-of month and day,
        // $6 the breakdown's programme, $7 its child regions.
        var known = ProgressCounts.Known(asOf);
        var sql = $"""
            select {Fresh}, null::text, null::int, null::text, null::text, null::int, f.*, 0::bigint, 0::bigint, 0::bigint, 0::bigint
            from ({Freshness}) f
            union all
            select {Sums}, {ProgressCounts.TotalsProgramme}, t.year, null, null, null, sum(t.enrolled), sum(t.completed),
              sum(t.withdrawn), sum(t.cancelled), sum(t.certified), sum(t.employed)
            {ProgressCounts.TotalRows(asOf)}
            union all
            select {Distinct}, t.programme, t.year, null, null, t.prev, t.figure, sum(t.delta), 0, 0, 0, 0
            {ProgressCounts.PeopleRows(asOf)}
            """;
        if (breakdown is not null)
            sql += $"""

                union all
                select {Split}, null, null, t.split, t.code, null, sum(t.enrolled), sum(t.completed), sum(t.withdrawn), sum(t.cancelled),
                  sum(t.certified), sum(t.employed)
                from {ProgressTables.Counts} t
                where t.region = $1 and t.year between $2 and $3
                  and {ProgressTables.ProgrammeRows("$6")}
                  and t.split in ('{ProgressTables.ByInstitution}', '{ProgressTables.ByTrack}', '{ProgressTables.ByMonth}') and {known}
                group by t.split, t.code
                union all
                select {Split}, null, null, '{GetProgressBreakdownEndpoint.ByRegion}', t.region, null, sum(t.enrolled), sum(t.completed),
                  sum(t.withdrawn), sum(t.cancelled), sum(t.certified), sum(t.employed)
                from {ProgressTables.Counts} t
                where t.region = any($7) and t.year between $2 and $3 and {ProgressTables.ProgrammeRows("$6")} and t.split = '{ProgressTables.Whole}'
                  and {known}
                group by t.region
                """;
        var sums = new NpgsqlBatchCommand(sql);
        sums.Parameters.Add(new NpgsqlParameter { Value = region.Code });
        sums.Parameters.Add(new NpgsqlParameter { Value = period.FromYear });
        sums.Parameters.Add(new NpgsqlParameter { Value = period.ToYear });
        sums.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = asOf is { } a ? new DateOnly(a.Day.Year, a.Day.Month, 1) : DBNull.Value });
        sums.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = asOf is { } d ? d.Day : DBNull.Value });
        if (breakdown is { } b)
        {
            sums.Parameters.Add(new NpgsqlParameter { Value = b.Programme });
            sums.Parameters.Add(new NpgsqlParameter { Value = b.Children.Select(c => c.Code).ToArray() });
        }

        var targets = new NpgsqlBatchCommand(asOf is null
            ? $"select t.data::text from {TargetDocuments} t where t.data->>'regionCode' = $1"
            : $"""
              select e.data::text from training.mt_events e join {TargetDocuments} t on t.id = e.stream_id
              where t.data->>'regionCode' = $1 and e.type = 'target_set' and e.timestamp < $2 order by e.seq_id
              """);
        targets.Parameters.Add(new NpgsqlParameter { Value = region.Code });
        if (asOf is { } until) targets.Parameters.Add(new NpgsqlParameter { Value = until.Until });

        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(sums);
        batch.BatchCommands.Add(targets);
        return batch;
    }
}
