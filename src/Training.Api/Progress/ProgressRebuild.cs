using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using Training.Certificates;
using Training.Classes;
using Training.Employment;
using Training.Enrollments;

namespace Training.Progress;

/// <summary>
/// Rebuilds every progress table from the events into a new generation (the tables with <see cref="Next"/> appended),
/// while reads go on using the current generation: set-based up to the live projection's progression
/// (<see cref="ProgressRebuildSql"/>), then with the projection's own code a page at a time, again and again until it is
/// close behind; then, holding the live tables locked
/// for a moment, replays the last few events and swaps the generations by renaming, in one transaction. The live
/// projection's progression does not move, so the daemon carries on from where it was, into the new tables. The previous
/// generation is dropped in the same transaction, and the new tables' indexes take the names the schema gives them, so
/// the next start finds the schema it expects (it would otherwise try to create indexes whose names are taken).
/// </summary>
public sealed class ProgressRebuild(NpgsqlDataSource db, TextWriter output)
{
    public const string Next = "_next";

    /// <summary>Where the time went: reading and deserialising the events, loading state, applying them, writing.</summary>
    public TimeSpan Read, Load, Apply, Write;

    static readonly Dictionary<string, Type> Types = new()
    {
        ["trainee_enrolled"] = typeof(TraineeEnrolled), ["enrollment_withdrawn"] = typeof(EnrollmentWithdrawn),
        ["enrollment_completed"] = typeof(EnrollmentCompleted), ["class_cancelled"] = typeof(ClassCancelled),
        ["certificate_awarded"] = typeof(CertificateAwarded), ["certificate_revoked"] = typeof(CertificateRevoked),
        ["employment_recorded"] = typeof(EmploymentRecorded), ["employment_corrected"] = typeof(EmploymentCorrected)
    };

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>`dotnet Training.Api.dll rebuild-progress [--page N]`: see the README, "Counting".</summary>
    public static async Task<int> CommandAsync(IServiceProvider services, string[] args)
    {
        var page = args.SkipWhile(a => a != "--page").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var events = await new ProgressRebuild(services.GetRequiredService<NpgsqlDataSource>(), Console.Out).RunAsync(page, CancellationToken.None);
        return events >= 0 ? 0 : 1;
    }

    /// <summary>Returns how many events it replayed, or -1 when another rebuild is running.</summary>
    public async Task<long> RunAsync(int pageSize, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        // One rebuild at a time: a second would drop the first one's next generation and staging tables under it. A session
        // lock (the two-key form, a key space of its own), held on a connection of its own and let go however the rebuild ends.
        const string key = "hashtext('training'), hashtext('progress_rebuild')";
        await using var guard = await db.OpenConnectionAsync(cancellation);
        await using (var take = new NpgsqlCommand($"select pg_try_advisory_lock({key})", guard))
            if (!(bool)(await take.ExecuteScalarAsync(cancellation))!)
            {
                output.WriteLine("another rebuild of progress is running; nothing done");
                return -1;
            }
        try
        {
            return await RunAloneAsync(pageSize, clock, cancellation);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({key})", guard);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    async Task<long> RunAloneAsync(int pageSize, Stopwatch clock, CancellationToken cancellation)
    {
        await using (var connection = await db.OpenConnectionAsync(cancellation))
        {
            var sql = new StringBuilder();
            foreach (var table in ProgressTables.Names)
                sql.Append($"drop table if exists {table}{Next}; create table {table}{Next} (like {table} including defaults);");
            await Execute(connection, sql.ToString(), cancellation);
        }

        long position = 0, replayed = 0;
        var total = await ScalarAsync($"select coalesce(max(seq_id), 0) from training.mt_events", cancellation);
        output.WriteLine($"rebuilding progress from {total:N0} events into {ProgressTables.Counts}{Next} and the other tables of the next generation");
        // Set-based up to where the live projection is now; the events after it are replayed a page at a time below.
        (position, replayed) = await BuildSetBasedAsync(await LiveProgressionAsync(cancellation), clock, cancellation);
        // Replay up to the live projection's position until the distance left is small.
        while (true)
        {
            var live = await LiveProgressionAsync(cancellation);
            if (live - position <= pageSize / 10) break;
            await using var connection = await db.OpenConnectionAsync(cancellation);
            while (position < live)
            {
                var (last, count) = await ReplayPageAsync(connection, null, position, live, pageSize, cancellation);
                position = last;
                replayed += count;
                output.WriteLine($"  {position:N0} of {Math.Max(total, live):N0} events ({replayed / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s; " +
                                 $"read {Read.TotalSeconds:N1} s, load {Load.TotalSeconds:N1} s, apply {Apply.TotalSeconds:N1} s, write {Write.TotalSeconds:N1} s)");
            }
        }

        // The switch: the live tables locked (the daemon's writes wait), the last events replayed, the generations renamed.
        await using (var connection = await db.OpenConnectionAsync(cancellation))
        await using (var transaction = await connection.BeginTransactionAsync(cancellation))
        {
            await Execute(connection, $"lock table {string.Join(", ", ProgressTables.Names)} in exclusive mode", cancellation, transaction);
            var live = await LiveProgressionAsync(cancellation, connection, transaction);
            while (position < live)
            {
                var (last, count) = await ReplayPageAsync(connection, transaction, position, live, pageSize, cancellation);
                position = last;
                replayed += count;
            }
            await Execute(connection, Swap(ProgressTables.Names) + string.Concat(ProgressTables.Retired.Select(t => $"; drop table if exists {t}")),
                cancellation, transaction);
            await transaction.CommitAsync(cancellation);
        }
        output.WriteLine($"switched: progress now reads the new generation, rebuilt from {replayed:N0} events up to event {position:N0} " +
                         $"in {clock.Elapsed.TotalSeconds:N1} s ({replayed / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s)");
        return replayed;
    }

    /// <summary>
    /// Fills the next generation from the events up to <paramref name="until"/> with <see cref="ProgressRebuildSql"/>: the
    /// staging on one connection, then its lanes on connections of their own at once, printing each step. Returns the
    /// position reached and how many progress events it counted.
    /// </summary>
    async Task<(long Position, long Events)> BuildSetBasedAsync(long until, Stopwatch clock, CancellationToken cancellation)
    {
        var dropStaged = string.Concat(ProgressRebuildSql.Staged.Select(t => $"drop table if exists {t};"));
        long events = 0;
        try
        {
            await using (var connection = await db.OpenConnectionAsync(cancellation))
            {
                await Execute(connection, dropStaged, cancellation);
                var rows = await RunStepsAsync(connection, ProgressRebuildSql.Staging(Next, until), "", clock, cancellation);
                events = rows["progress events"];
            }
            await Task.WhenAll(ProgressRebuildSql.Lanes(Next).Select(async (lane, i) =>
            {
                await using var connection = await db.OpenConnectionAsync(cancellation);
                await RunStepsAsync(connection, lane, $"lane {i + 1}: ", clock, cancellation);
            }));
            await using (var connection = await db.OpenConnectionAsync(cancellation))
                await RunStepsAsync(connection, [("finish", ProgressRebuildSql.Finish(Next))], "", clock, cancellation);
        }
        finally
        {
            await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
            await Execute(connection, dropStaged, CancellationToken.None);
        }
        output.WriteLine($"  set-based up to event {until:N0}: {events:N0} progress events in {clock.Elapsed.TotalSeconds:N1} s " +
                         $"({events / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s)");
        return (until, events);
    }

    /// <summary>Runs steps in one transaction, printing each named one with its rows and time. Returns each one's rows.</summary>
    async Task<Dictionary<string, long>> RunStepsAsync(NpgsqlConnection connection, IEnumerable<(string Step, string Sql)> steps, string lane, Stopwatch clock,
        CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Sorts and hashes of millions of rows, and index builds: memory rather than temporary files, for this transaction only.
        // The staged tables are analyzed for their joins' sizes, which a sample of a few thousand rows gives well enough.
        await Execute(connection, "set local work_mem = '1GB'; set local maintenance_work_mem = '1GB'; set local default_statistics_target = 10",
            cancellation, transaction);
        var counted = new Dictionary<string, long>();
        foreach (var (step, sql) in steps)
        {
            var started = clock.Elapsed;
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            // A query answers a count (how many progress events were staged); a statement, the rows it wrote.
            var rows = counted[step] = sql.StartsWith("select ")
                ? Convert.ToInt64(await command.ExecuteScalarAsync(cancellation))
                : await command.ExecuteNonQueryAsync(cancellation);
            if (step.Length > 0)
                lock (output)
                    output.WriteLine($"  {lane}{step}: {(rows >= 0 ? $"{rows:N0} rows" : "done")} in {(clock.Elapsed - started).TotalSeconds:N1} s");
        }
        await transaction.CommitAsync(cancellation);
        return counted;
    }

    /// <summary>
    /// Gives each next-generation table (the live one's name and <paramref name="next"/>) the live table's primary key and
    /// indexes, under names of their own until <see cref="Swap"/> gives them the live ones. Built from the rows (one sort
    /// each), they cost a fraction of keeping them row by row during the inserts.
    /// </summary>
    public static string IndexesLike(IEnumerable<string> tables, string next) => $$"""
        do $index$
        declare r record;
        begin
          for r in select c.relname as tbl, i.indisprimary as pk, pg_get_indexdef(i.indexrelid) as def
                   from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
                   where n.nspname = 'training' and c.relname = any(array[{{string.Join(", ", tables.Select(t => $"'{t.Split('.')[1]}'"))}}]) loop
            if r.pk then
              execute format('alter table training.%I add primary key %s', r.tbl || '{{next}}', substring(r.def from '(\([^()]*\))$'));
            else
              execute regexp_replace(r.def, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', format('CREATE \1INDEX ON training.%I ', r.tbl || '{{next}}'));
            end if;
          end loop;
        end $index$;
        """;

    /// <summary>
    /// Drops each live table and renames its next generation into its place. PostgreSQL named the copies' indexes
    /// (<see cref="IndexesLike"/>); each takes back the name of the live index with the same definition.
    /// </summary>
    static string Swap(IEnumerable<string> tables) => $$"""
        do $swap$
        declare t text; r record; canonical text;
        begin
          create temp table swap_indexes (tbl text, name text, def text) on commit drop;
          foreach t in array array[{{string.Join(", ", tables.Select(t => $"'{t.Split('.')[1]}'"))}}] loop
            insert into swap_indexes
              select t, indexname, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', 'CREATE \1INDEX ON ')
              from pg_indexes where schemaname = 'training' and tablename = t;
            execute format('drop table training.%I', t);
            execute format('alter table training.%I rename to %I', t || '{{Next}}', t);
            for r in select indexname, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', 'CREATE \1INDEX ON ') as def
                     from pg_indexes where schemaname = 'training' and tablename = t loop
              select name into canonical from swap_indexes where tbl = t and def = r.def limit 1;
              if canonical is not null and canonical <> r.indexname then
                execute format('alter index training.%I rename to %I', r.indexname, canonical);
              end if;
            end loop;
          end loop;
        end $swap$;
        """;

    /// <summary>Replays the events after <paramref name="after"/> up to <paramref name="until"/>, one page of them at most.</summary>
    async Task<(long Last, long Count)> ReplayPageAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long after, long until,
        int pageSize, CancellationToken cancellation)
    {
        var events = new List<(object Data, DateOnly Day)>();
        var last = until;
        var clock = Stopwatch.StartNew();
        await using (var command = new NpgsqlCommand("""
            select seq_id, type, timestamp, data from training.mt_events
            where seq_id > $1 and seq_id <= $2 and type = any($3) order by seq_id limit $4
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = after });
            command.Parameters.Add(new() { Value = until });
            command.Parameters.Add(new() { Value = Types.Keys.ToArray() });
            command.Parameters.Add(new() { Value = pageSize });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                last = reader.GetInt64(0);
                events.Add((JsonSerializer.Deserialize(reader.GetString(3), Types[reader.GetString(1)], Json)!,
                    ProgressPage.DayOf(reader.GetFieldValue<DateTimeOffset>(2))));
            }
        }
        if (events.Count < pageSize) last = until; // nothing more of interest up to the end of the range

        Read += clock.Elapsed;
        clock.Restart();
        var page = new ProgressPage(Next);
        await page.LoadAsync(connection, events.Select(e => e.Data), cancellation, transaction);
        Load += clock.Elapsed;
        clock.Restart();
        foreach (var (data, day) in events) page.Apply(data, day);
        await using var batch = new NpgsqlBatch(connection, transaction);
        page.Write((sql, values) =>
        {
            var n = 0;
            var command = new NpgsqlBatchCommand(string.Concat(sql.Select(c => c == '?' ? $"${++n}" : $"{c}")));
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        });
        Apply += clock.Elapsed;
        clock.Restart();
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellation);
        Write += clock.Elapsed;
        return (last, events.Count);
    }

    async Task<long> LiveProgressionAsync(CancellationToken cancellation, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        const string sql = $"select coalesce((select last_seq_id from training.mt_event_progression where name = '{ProgressProjection.ShardName}'), 0)";
        if (connection is null) return await ScalarAsync(sql, cancellation);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation));
    }

    async Task<long> ScalarAsync(string sql, CancellationToken cancellation)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation));
    }

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellation, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
