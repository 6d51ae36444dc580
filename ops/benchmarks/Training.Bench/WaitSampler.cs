using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;

namespace Training.Bench;

/// <summary>
/// What the database's client backends are doing, sampled every interval for a bounded time: running on CPU,
/// waiting on a lock, on WAL flush, or idle in a transaction while the service computes (the service's time).
/// </summary>
public static class WaitSampler
{
    public static async Task<int> Run(Options o)
    {
        var seconds = o.Int("duration");
        var interval = TimeSpan.FromMilliseconds(o.Int("interval-ms", 100));
        await using var db = NpgsqlDataSource.Create(o.Text("cs"));
        var counts = new Dictionary<string, long>();
        var samples = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds && samples < 100_000)
        {
            await using (var command = db.CreateCommand("""
                select state, coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
                from pg_stat_activity
                where backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'
                group by 1, 2
                """))
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                {
                    var key = reader.GetString(0) == "active" ? reader.GetString(1) : $"{reader.GetString(0)} ({reader.GetString(1)})";
                    counts[key] = counts.GetValueOrDefault(key) + reader.GetInt64(2);
                }
            samples++;
            await Task.Delay(interval);
        }
        var busy = counts.Values.Sum();
        var top = new JsonArray();
        foreach (var (key, n) in counts.OrderByDescending(c => c.Value))
            top.Add(new JsonObject { ["what"] = key, ["share"] = Stats.Round((double)n / Math.Max(1, busy)), ["mean_backends"] = Stats.Round((double)n / Math.Max(1, samples)) });
        Options.Write(o.Text("out"), new JsonObject { ["samples"] = samples, ["mean_busy_backends"] = Stats.Round((double)busy / Math.Max(1, samples)), ["states"] = top });
        return 0;
    }
}

/// <summary>Percentiles of pgbench's per-transaction log; under -R a transaction's latency runs from when it was scheduled.</summary>
public static class PgbenchLog
{
    public static int Run(Options o)
    {
        var prefix = o.Text("prefix");
        var dir = Path.GetDirectoryName(Path.GetFullPath(prefix))!;
        var latencies = new List<double>();
        var failed = 0;
        foreach (var file in Directory.GetFiles(dir, Path.GetFileName(prefix) + ".*"))
            foreach (var line in File.ReadLines(file))
            {
                // client_id transaction_no time script_no time_epoch time_us [schedule_lag]
                var f = line.Split(' ');
                if (f[2] is "failed" or "skipped") { failed++; continue; }
                var us = double.Parse(f[2]); // under -R pgbench already counts it from the scheduled start (lag included)
                latencies.Add(us / 1000);
            }
        var sorted = latencies.Order().ToArray();
        Options.Write(o.Text("out"), new JsonObject { ["failed_or_skipped"] = failed, ["latency_ms"] = Stats.Percentiles(sorted) });
        return 0;
    }
}
