using System.Text;
using System.Text.Json.Nodes;

namespace Training.Bench;

/// <summary>Gathers one run's JSON files into results.json and prints the table (Markdown, as in ops/benchmarks/README.md).</summary>
public static class Report
{
    public static int Run(Options o)
    {
        var dir = o.Text("dir");
        var all = new JsonObject();
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name == "results") continue;
            try { all[name] = JsonNode.Parse(File.ReadAllText(file)); }
            catch (Exception e) { all[name] = $"unreadable: {e.Message}"; }
        }
        foreach (var file in Directory.GetFiles(dir, "pgbench_*.txt").Order())
            all[Path.GetFileNameWithoutExtension(file)] = Pgbench(File.ReadAllText(file));
        File.WriteAllText(Path.Combine(dir, "results.json"), all.ToJsonString(new() { WriteIndented = true }));

        var table = Table(all);
        File.WriteAllText(Path.Combine(dir, "table.md"), table);
        Console.WriteLine(table);
        return 0;
    }

    /// <summary>pgbench's summary: the lines that matter, as numbers.</summary>
    static JsonObject Pgbench(string text)
    {
        var json = new JsonObject();
        foreach (var line in text.Split('\n'))
        {
            var l = line.Trim();
            if (l.StartsWith("tps = ")) json["tps"] = Num(l[6..].Split(' ')[0]);
            else if (l.StartsWith("latency average = ")) json["latency_avg_ms"] = Num(l[18..].Split(' ')[0]);
            else if (l.StartsWith("latency stddev = ")) json["latency_stddev_ms"] = Num(l[17..].Split(' ')[0]);
            else if (l.StartsWith("number of transactions actually processed: ")) json["transactions"] = Num(l[44..].Split('/')[0]);
            else if (l.StartsWith("number of failed transactions: ")) json["failed"] = Num(l[31..].Split(' ')[0]);
            else if (l.StartsWith("number of transactions above the")) json["late"] = l;
        }
        return json;
    }

    static double Num(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    static double? D(JsonNode? root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            if (node is null) return null;
            node = int.TryParse(part, out var i) && node is JsonArray a ? (i < a.Count ? a[i] : null) : node is JsonObject obj ? obj[part] : null;
        }
        return node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
    }

    static string F(double? v, string unit = "") => v is null ? "–" : v >= 100 ? $"{v:0}{unit}" : v >= 10 ? $"{v:0.0}{unit}" : $"{v:0.00}{unit}";
    static string Ratio(double? a, double? b) => a is null || b is null || b == 0 ? "–" : $"{a / b:0.00}";

    static string Table(JsonObject r)
    {
        var s = new StringBuilder();
        var meta = r["meta"];
        s.AppendLine($"Run {meta?["date"]} on {meta?["machine"]}; `{meta?["command"]}` (commit {meta?["commit"]}); load average at start {meta?["load_average_at_start"]}.");
        s.AppendLine();
        s.AppendLine("| # | figure | value | baseline (same run, same PostgreSQL) | baseline value | ratio |");
        s.AppendLine("|---|---|---|---|---|---|");
        void Row(string n, string figure, double? value, string unit, string baseline, double? baseValue, string? ratio = null) =>
            s.AppendLine($"| {n} | {figure} | {F(value, unit)} | {baseline} | {F(baseValue, unit)} | {ratio ?? Ratio(value, baseValue)} |");

        var clients = D(r, "meta.clients");
        var http = D(r, "t1_http.rps_created");
        Row("1", $"enrollments/s over HTTP ({clients} clients, {D(r, "meta.duration")} s)", http, "", "pgbench, one enrollment's SQL", D(r, "pgbench_t1_enroll.tps"));
        Row("1", "enrollments/s over HTTP", http, "", "pgbench, single-row insert (commit floor)", D(r, "pgbench_t1_commit.tps"));
        // With the service stopped, nothing follows pgbench's events: the database's own ceiling on this machine, and the
        // CPU each party needs per enrollment against the target's budget (2 cores for 2,000 a second: 1 ms for all of them).
        double? MsPer(string run, string party, double? tps) => D(r, $"cpu_{run}.{party}") / tps * 1000;
        void PerEnrollment(string figure, double? ms) => Row("1", figure, ms, " ms", "all the CPU an enrollment may take at 2,000/s on 2 cores", 1.0);
        var alone = D(r, "pgbench_t1_alone.tps");
        var appends = D(r, "pgbench_t1_appends.tps");
        Row("1", "pgbench, one enrollment's SQL, the service stopped", alone, "", "pgbench, the same SQL while the service's projection follows it", D(r, "pgbench_t1_enroll.tps"));
        Row("1", "pgbench, the event store's part alone (the class's lock, the two appends), the service stopped", appends, "", "pgbench, one enrollment's SQL, the service stopped", alone);
        PerEnrollment("PostgreSQL CPU per enrollment, one enrollment's SQL, the service stopped", MsPer("t1_pgbench_alone", "postgres", alone));
        PerEnrollment("PostgreSQL CPU per enrollment, the event store's part alone", MsPer("t1_pgbench_appends", "postgres", appends));
        PerEnrollment("service CPU per enrollment over HTTP", MsPer("t1_http", "service", http));
        var rate = D(r, "t2_http.rate");
        foreach (var p in new[] { "p50", "p99", "p999" })
            Row("2", $"enrollment latency {p} at {F(rate)}/s", D(r, $"t2_http.latency_ms.{p}"), " ms", $"pgbench -R {F(rate)} {p}", D(r, $"t2_pgbench.latency_ms.{p}"));
        // Whether the tail is a few stalls (a checkpoint, a collection) or spread over the run: each second's own p99.
        if (r["t2_http"]?["by_second"] is JsonArray seconds && seconds.Count > 0)
        {
            var p99s = seconds.Select(x => x!["p99"]!.GetValue<double>()).ToList();
            Row("2", $"p99 of the median second at {F(rate)}/s ({p99s.Count(v => v > 25)} of {p99s.Count} seconds above 25 ms, the slowest {F(p99s.Max())} ms)",
                p99s.Order().ElementAt(p99s.Count / 2), " ms", "–", null, "–");
        }
        var exact = r["t3_race"]?["hot"]?["exactly_filled"]?.GetValue<bool>();
        Row("3", $"hot class: {D(r, "t3_race.clients")} clients, {D(r, "t3_race.seats")} seats: time to fill (accepted {D(r, "t3_race.hot.accepted")}, 409s {D(r, "t3_race.hot.conflicts")}, exact: {(exact == true ? "yes" : "NO")})",
            D(r, "t3_race.hot.fill_ms"), " ms", "same clients, one class each: time to 100 accepted", D(r, "t3_race.spread.fill_ms"));
        foreach (var (key, label) in new[] { ("province", "province 440000"), ("city", "city 441600"), ("county", "county 441625") })
        {
            Row("4", $"progress reads/s, {label}", D(r, $"t4_{key}.rps"), "", "fixed answer from memory, same bytes", D(r, "t4_fixed.rps"));
            Row("4", $"progress p99, {label}", D(r, $"t4_{key}.latency_ms.p99"), " ms", "fixed answer p99", D(r, "t4_fixed.latency_ms.p99"));
        }
        if (r["t4_growth"]?["sizes"] is JsonArray reads)
        {
            var reading = new[] { ("province_ms", "province year"), ("period_ms", "province period 2024-2025"), ("asof_ms", "province year as of 2025-08-15"),
                ("breakdown_ms", "province breakdown (yuecai 2025)"), ("county_ms", "county year") };
            foreach (var size in reads)
            foreach (var (key, label) in reading)
                if (size?[key.Replace("_ms", "_fixed_ms")] is not null)
                    Row("4", $"{label}, median of 5 (one client), {D(size, "rows"):#,0} person-times a year", D(size, key), " ms",
                        "its bytes from memory, one client", D(size, key.Replace("_ms", "_fixed_ms")));
                else // runs before 2026-12-05 measured one fixed answer, the province year's bytes
                    Row("4", $"{label}, median of 5 (one client), {D(size, "rows"):#,0} person-times a year", D(size, key), " ms",
                        "fixed answer, one client", D(size, "fixed_ms"));
            if (reads.Count > 1)
                foreach (var (key, label) in reading)
                    Row("4", $"{label}: growth {D(reads[0], "rows"):#,0} → {D(reads[^1], "rows"):#,0}", D(reads[^1], key) / D(reads[0], key), "×",
                        "growth of the fixed answer", D(reads[^1], "fixed_ms") / D(reads[0], "fixed_ms"));
        }
        Row("4", $"province year reads/s, {clients} clients, largest size", D(r, "t4_province_large.rps"), "", "fixed answer, same run", D(r, "t4_fixed_large.rps"));
        Row("4", "province year p50, 64 clients, largest size", D(r, "t4_province_large.latency_ms.p50"), " ms", "fixed answer p50", D(r, "t4_fixed_large.latency_ms.p50"));
        if (r["t5_rebuild"]?["sizes"] is JsonArray sizes)
        {
            foreach (var size in sizes)
                Row("5", $"rebuild events/s, {D(size, "events"):#,0} events (rows match: {(size?["rows_match"]?.GetValue<bool>() == true ? "yes" : "NO")}; {F(D(size, "rebuild_s"))} s)",
                    D(size, "rebuild_events_per_s"), "", "COPY scan of the events table", D(size, "scan_events_per_s"));
            if (sizes.Count > 1)
                Row("5", $"rebuild time growth {D(sizes[0], "events"):#,0} → {D(sizes[^1], "events"):#,0} events", D(sizes[^1], "rebuild_s") / D(sizes[0], "rebuild_s"), "×",
                    "growth in events (linear)", D(sizes[^1], "events") / D(sizes[0], "events"));
        }
        Row("6", "cold start to first answer (pre-generated code)", D(r, "t6_start.production_ms"), " ms", "same build, code generated at start (Development)", D(r, "t6_start.dynamic_ms"));
        Row("6", "service peak memory (VmHWM) after test 1", D(r, "t6_memory.peak_mb"), " MB", "resident after start, idle", D(r, "t6_memory.idle_mb"));

        s.AppendLine();
        s.AppendLine("Where the CPU went (cores busy, of 2) and what the database's busy backends were doing:");
        s.AppendLine();
        s.AppendLine("| run | service | PostgreSQL | load generator | anything else on the machine | machine | top backend states (share of busy samples) |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var run in new[] { "t1_http", "t1_pgbench_enroll", "t1_pgbench_commit", "t1_pgbench_alone", "t1_pgbench_appends", "t2_http", "t2_pgbench", "t4_province", "t4_fixed", "t4_province_large", "t4_fixed_large", "t5_rebuild" })
        {
            var cpu = r[$"cpu_{run}"];
            if (cpu is null) continue;
            var waits = r[$"waits_{run}"]?["states"] is JsonArray w
                ? string.Join(", ", w.Take(4).Select(x => $"{x?["what"]} {D(x, "share"):P0}"))
                : "";
            s.AppendLine($"| {run} | {F(D(cpu, "service"))} | {F(D(cpu, "postgres"))} | {F(D(cpu, "client"))} | {F(D(cpu, "other"))} | {F(D(cpu, "machine"))} | {waits} |");
        }
        return s.ToString();
    }
}
