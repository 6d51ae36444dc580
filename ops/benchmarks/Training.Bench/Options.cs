using System.Text.Json;
using System.Text.Json.Nodes;

namespace Training.Bench;

public sealed class Options(Dictionary<string, string> values)
{
    public static (string Verb, Options Options) Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"unexpected argument {args[i]}");
            values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
        }
        return (args.Length > 0 ? args[0] : "", new Options(values));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("Training.Bench setup|rate|race|waits|pglog|rebuild|report --option value ... (ops/bench calls these)");
        return 2;
    }

    public string Text(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);
    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
    public int Int(string name) => int.Parse(Text(name));
    public double Double(string name) => double.Parse(Text(name), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Load only ever goes to this machine's loopback address.</summary>
    public Uri Loopback(string name = "url")
    {
        var uri = new Uri(Text(name));
        if (!uri.IsLoopback) throw new ArgumentException($"--{name} must be a loopback address (127.0.0.1), not {uri.Host}");
        return uri;
    }

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, JsonNode node)
    {
        File.WriteAllText(path, node.ToJsonString(Indented));
        Console.WriteLine(node.ToJsonString());
    }
}

/// <summary>Valid identifiers made on demand (the same rules as ops/benchmarks/wrk.lua and tests/Support/People.cs).</summary>
public static class Ids
{
    static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A distinct resident ID for each index below 16.8 million: birth date and sequence vary with it.</summary>
    public static string IdNumber(long index)
    {
        var k = index / 1000;
        var first17 = $"441625{1950 + k / 336:0000}{1 + k / 28 % 12:00}{1 + k % 28:00}{index % 1000:000}";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * IdWeights[i];
        return first17 + "10X98765432"[sum % 11];
    }

    public static string CreditCode(int n)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var first17 = $"91441600MA{n:0000000}";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += alphabet.IndexOf(first17[i]) * weights[i];
        return first17 + alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>
    /// The class of the n-th enrollment: a window of classes fills together, then the next window, so every
    /// class gets exactly its capacity and rosters range evenly from empty to full whatever the rate.
    /// </summary>
    public static int ClassIndex(long n, int window, int capacity) =>
        (int)(n / ((long)window * capacity) * window + n % ((long)window * capacity) % window);

    public static string EnrollmentBody(long index) =>
        $$"""{"idNumber":"{{IdNumber(index)}}","name":"王小明","groups":["migrant-worker"]}""";
}

public static class Stats
{
    public static JsonObject Percentiles(double[] sortedMs) => new()
    {
        ["count"] = sortedMs.Length,
        ["mean"] = Round(sortedMs.Length == 0 ? 0 : sortedMs.Average()),
        ["p50"] = Round(At(sortedMs, 0.50)),
        ["p90"] = Round(At(sortedMs, 0.90)),
        ["p99"] = Round(At(sortedMs, 0.99)),
        ["p999"] = Round(At(sortedMs, 0.999)),
        ["max"] = Round(sortedMs.Length == 0 ? 0 : sortedMs[^1])
    };

    static double At(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    public static double Round(double v) => Math.Round(v, 3);
}
