using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Training.Bench;

public static class Http
{
    public static HttpClient Client(Options o, int connections)
    {
        var http = Client(o.Loopback(), connections);
        if (o.Text("token", "") is { Length: > 0 } token) http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }

    static HttpClient Client(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<Guid> CreateAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Guid.Parse((string)json!["id"]!);
    }
}

/// <summary>Institutions and classes registered through the API, their ids written one a line for wrk.lua and `rate`.</summary>
public static class Setup
{
    // Counties of Heyuan and Jiangmen and every city: the facts spread over all three levels of the rollup.
    static readonly string[] Regions =
    [
        "441602", "441621", "441622", "441623", "441624", "441625", "440703", "440704", "440705", "440781", "440783",
        "440784", "440785", "440100", "440200", "440300", "440400", "440500", "440600", "440700", "440800", "440900",
        "441200", "441300", "441400", "441500", "441600", "441700", "441800", "441900", "442000", "445100", "445200", "445300"
    ];
    static readonly string[] Programmes = ["yuecai", "jiazheng", "jigong"];

    public static async Task<int> Run(Options o)
    {
        var classes = o.Int("classes");
        var capacity = o.Int("capacity");
        var tag = o.Int("tag", 1); // distinct per call in one database: credit codes must not repeat
        using var http = Http.Client(o, 8);

        var institutions = new Guid[Regions.Length];
        await Parallel.ForAsync(0, Regions.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            institutions[i] = await Http.CreateAsync(http, "/api/institutions", new
            {
                name = $"基准测试培训学校 {tag}-{i}", creditCode = Ids.CreditCode(tag * 10_000 + i), kind = "training-provider",
                regionCode = Regions[i]
            }));

        var ids = new Guid[classes];
        await Parallel.ForAsync(0, classes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            ids[i] = await Http.CreateAsync(http, "/api/classes", new
            {
                institutionId = institutions[i % institutions.Length], programme = Programmes[i % Programmes.Length],
                title = $"基准测试班 {tag}-{i}", startDate = "2026-03-02", endDate = "2026-03-20", capacity
            }));
        await File.WriteAllLinesAsync(o.Text("out"), ids.Select(id => id.ToString()));
        Console.WriteLine($"registered {institutions.Length} institutions and {classes} classes of {capacity} seats");
        return 0;
    }
}
