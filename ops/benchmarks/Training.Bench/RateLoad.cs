using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Training.Bench;

/// <summary>
/// Enrollments at a fixed mean rate (open loop, Poisson arrivals like pgbench -R): each request is due at its
/// scheduled time whatever happened before, and
/// its latency runs from when it was due, so a stalled service cannot hide its stall (no coordinated omission).
/// Bounded: exactly rate × duration requests, each with a timeout, and a deadline for the whole run.
/// </summary>
public static class RateLoad
{
    public static async Task<int> Run(Options o)
    {
        var classes = await File.ReadAllLinesAsync(o.Text("classes"));
        var capacity = o.Int("capacity");
        var window = o.Int("window");
        var offset = o.Int("offset");
        var rate = o.Double("rate");
        var seconds = o.Int("duration");
        var connections = o.Int("connections", 64);
        var total = (int)(rate * seconds);
        if (total > (long)classes.Length * capacity) throw new ArgumentException($"{total} enrollments need more than {classes.Length} classes");

        using var http = Http.Client(o, connections);
        var latencies = new double[total];
        var statuses = new int[600];
        long lagTicks = 0;
        await Race.WarmConnections(http, connections); // connections open and the send path compiled before the clock starts
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = new Task[total];
        // Poisson arrivals at the given mean rate, as pgbench -R schedules its transactions: the same burstiness.
        var random = new Random(20261123);
        var dues = new long[total];
        double at = 0;
        for (var i = 0; i < total; i++) { dues[i] = (long)(at * Stopwatch.Frequency); at += -Math.Log(1 - random.NextDouble()) / rate; }
        for (var i = 0; i < total; i++)
        {
            var due = dues[i];
            var wait = due - clock.ElapsedTicks;
            if (wait > Stopwatch.Frequency / 1000) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            lagTicks += Math.Max(0, clock.ElapsedTicks - due);
            tasks[i] = Send(i, due);
        }
        var all = Task.WhenAll(tasks);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(90)));
        var wall = clock.Elapsed.TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var done = latencies.Where(l => l > 0).Order().ToArray();
        Options.Write(o.Text("out"), new JsonObject
        {
            ["rate"] = rate, ["duration_s"] = seconds, ["connections"] = connections, ["sent"] = total, ["answered"] = done.Length,
            ["statuses"] = StatusCounts(statuses), ["latency_ms"] = Stats.Percentiles(done),
            ["dispatch_lag_ms_mean"] = Stats.Round(lagTicks * 1000.0 / Stopwatch.Frequency / Math.Max(1, total)),
            ["client_cpu_s"] = Stats.Round(cpu.TotalSeconds), ["wall_s"] = Stats.Round(wall),
            ["by_second"] = BySecond(dues, latencies, seconds)
        });
        return 0;

        async Task Send(int i, long due)
        {
            var n = offset + i;
            var cls = classes[Ids.ClassIndex(i, window, capacity)];
            try
            {
                using var response = await http.PostAsync($"/api/classes/{cls}/enrollments", Http.Json(Ids.EnrollmentBody(n)));
                await response.Content.LoadIntoBufferAsync();
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref statuses[599]); // no answer: timeout or connection error
            }
            latencies[i] = (clock.ElapsedTicks - due) * 1000.0 / Stopwatch.Frequency;
        }
    }

    /// <summary>Each second of the schedule (by due time): its p50, p99 and slowest answer, so a tail can be told apart
    /// as a few stalls (a checkpoint, a collection) or as a steady spread.</summary>
    static JsonArray BySecond(long[] dues, double[] latencies, int seconds)
    {
        var answered = Enumerable.Range(0, dues.Length).Where(i => latencies[i] > 0)
            .ToLookup(i => dues[i] / Stopwatch.Frequency, i => latencies[i]);
        var series = new JsonArray();
        for (var s = 0; s < seconds; s++)
        {
            var p = Stats.Percentiles(answered[s].Order().ToArray());
            series.Add(new JsonObject
            {
                ["s"] = s, ["n"] = p["count"]!.GetValue<int>(), ["p50"] = p["p50"]!.GetValue<double>(),
                ["p99"] = p["p99"]!.GetValue<double>(), ["max"] = p["max"]!.GetValue<double>()
            });
        }
        return series;
    }

    public static JsonObject StatusCounts(int[] statuses)
    {
        var json = new JsonObject();
        for (var s = 0; s < statuses.Length; s++)
            if (statuses[s] > 0) json[s == 599 ? "error" : s.ToString()] = statuses[s];
        return json;
    }
}
