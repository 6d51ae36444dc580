using System.Diagnostics;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Training.Certificates;
using Training.Classes;
using Training.Enrollments;
using Training.Progress;
using Training.Trainees;
using Weasel.Core;

namespace Training.Bench;

/// <summary>
/// Rebuilds the service's progress tables (<see cref="ProgressRebuild"/>, what `rebuild-progress` runs) over event stores
/// of growing size, loaded with Marten's bulk insert (COPY) into a database of its own on the same server, against a
/// plain scan of the same events. Each class: 50 enrollments, 5 withdrawn, 10 completed (8 passed), 5 certificates.
/// </summary>
public static class Rebuild
{
    const int ClassSize = 50; // per class: ClassRegistered, 50 × TraineeEnrolled; per trainee: PersonIdentified

    public static async Task<int> Run(Options o)
    {
        var cs = new NpgsqlConnectionStringBuilder(o.Text("cs")) { Database = o.Text("database", "training_rebuild") };
        var sizes = o.Text("sizes", "1000000,3000000").Split(',').Select(int.Parse).Order().ToArray();
        await CreateDatabase(o.Text("cs"), cs.Database!);

        using var store = DocumentStore.For(options =>
        {
            options.Connection(cs.ConnectionString);
            // As the service configures them (Program.cs); the projection under test is its own class.
            options.DatabaseSchemaName = "training";
            options.UseSystemTextJsonForSerialization(casing: Casing.CamelCase);
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Storage.ExtendedSchemaObjects.AddRange(ProgressTables.All());
            options.Events.AddEventTypes([typeof(ClassRegistered), typeof(TraineeEnrolled), typeof(EnrollmentWithdrawn),
                typeof(EnrollmentCompleted), typeof(CertificateAwarded), typeof(PersonIdentified)]);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var db = NpgsqlDataSource.Create(cs.ConnectionString);
        await Execute(db, $"truncate training.mt_events, training.mt_streams cascade; truncate {string.Join(", ", ProgressTables.Names)}");

        var results = new JsonArray();
        long loaded = 0, classNo = 0;
        double loadSeconds = 0;
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            while (loaded < size)
            {
                var batch = new List<StreamAction>();
                for (var c = 0; c < 100 && loaded < size; c++, classNo++) loaded += AddClass(store, batch, classNo);
                await store.BulkInsertEventsAsync(batch);
            }
            loadSeconds += clock.Elapsed.TotalSeconds;
            foreach (var sql in new[] { "vacuum analyze training.mt_events", "vacuum analyze training.mt_streams", "checkpoint" })
                await Execute(db, sql);

            var events = await Scalar(db, "select count(*) from training.mt_events");
            var enrolled = await Scalar(db, "select count(*) from training.mt_events where type = 'trainee_enrolled'");

            // The baseline: the server reading every event row and throwing it away.
            clock.Restart();
            await Execute(db, """
                copy (select seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived
                      from training.mt_events order by seq_id) to '/dev/null'
                """);
            var scanSeconds = clock.Elapsed.TotalSeconds;

            // As if the live projection had reached the last event: the rebuild replays up to its position.
            await Execute(db, $"insert into training.mt_event_progression (name, last_seq_id) values ('{ProgressProjection.ShardName}', " +
                              $"(select max(seq_id) from training.mt_events)) on conflict (name) do update set last_seq_id = excluded.last_seq_id");
            clock.Restart();
            await new ProgressRebuild(db, Console.Error).RunAsync(o.Int("page", 100_000), CancellationToken.None);
            var rebuildSeconds = clock.Elapsed.TotalSeconds;
            var rows = await Scalar(db, $"select count(*) from {ProgressTables.Enrollments}");
            var counted = await Scalar(db, $"select coalesce(sum(enrolled + withdrawn), 0) from {ProgressTables.Counts} " +
                                           $"where region = '440000' and programme <> 'all' and split = '' and grain = {ProgressTables.Month}");

            results.Add(new JsonObject
            {
                ["events"] = events, ["trainee_enrolled_events"] = enrolled, ["enrollment_rows"] = rows,
                ["rows_match"] = rows == enrolled && counted == enrolled,
                ["rebuild_s"] = Stats.Round(rebuildSeconds), ["rebuild_events_per_s"] = Stats.Round(events / rebuildSeconds),
                ["scan_s"] = Stats.Round(scanSeconds), ["scan_events_per_s"] = Stats.Round(events / scanSeconds)
            });
            Console.WriteLine(results[^1]!.ToJsonString());
        }
        Options.Write(o.Text("out"), new JsonObject
        {
            ["bulk_load_events_per_s"] = Stats.Round(loaded / loadSeconds), ["sizes"] = results
        });
        return 0;
    }

    static int AddClass(IDocumentStore store, List<StreamAction> batch, long n)
    {
        var registry = (IEventRegistry)((DocumentStore)store).Options.Events;
        var classId = Guid.CreateVersion7();
        var institutionId = Guid.CreateVersion7();
        var start = new DateOnly(2026, 3, 2);
        var events = new List<object>
        {
            new ClassRegistered(classId, institutionId, "yuecai", "kejia", $"重建测试班 {n}", "441625", start, start.AddDays(18), ClassSize,
                "offline", false, new DateOnly(2026, 1, 5))
        };
        for (var i = 0; i < ClassSize; i++)
        {
            var id = Ids.IdNumber(n * ClassSize + i);
            var traineeId = Guid.CreateVersion7();
            events.Add(new TraineeEnrolled(classId, Guid.CreateVersion7(), traineeId, "王小明", id[..6] + "********" + id[^4..],
                ["migrant-worker"], new DateOnly(2026, 2, 1), institutionId, "yuecai", "kejia", "441625", start));
            batch.Add(StreamAction.Start(registry, traineeId, new PersonIdentified(traineeId, id, "王小明", null)));
        }
        var recorded = events.OfType<TraineeEnrolled>().ToList();
        for (var i = 0; i < 5; i++) events.Add(new EnrollmentWithdrawn(classId, recorded[i].EnrollmentId, null, new DateOnly(2026, 3, 5)));
        for (var i = 5; i < 15; i++) events.Add(new EnrollmentCompleted(classId, recorded[i].EnrollmentId, new DateOnly(2026, 3, 20), i < 13));
        batch.Add(StreamAction.Start(registry, classId, events.ToArray()));
        for (var i = 5; i < 10; i++)
        {
            var number = $"S{n * ClassSize + i:000000000000000000000}";
            batch.Add(StreamAction.Start(registry, Guid.CreateVersion7(), new CertificateAwarded(number, recorded[i].TraineeId, "王小明",
                recorded[i].IdNumberMasked, "skill-level", "中式烹调师", 4, "yuecai", new DateOnly(2026, 4, 1), "鉴定中心", classId, "441625")));
        }
        return events.Count + ClassSize + 5;
    }

    static async Task CreateDatabase(string adminCs, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminCs) { Database = "postgres" };
        await using var db = NpgsqlDataSource.Create(admin.ConnectionString);
        if (await Scalar(db, $"select count(*) from pg_database where datname = '{name}'") == 0)
            await Execute(db, $"create database {name}");
    }

    static async Task Execute(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 1800;
        await command.ExecuteNonQueryAsync();
    }

    static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 1800;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
