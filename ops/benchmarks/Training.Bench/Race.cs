using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Training.Bench;

/// <summary>
/// One hot class: every client holds an open connection, then all send one enrollment at the same moment.
/// The baseline is the same race with each client enrolling in a class of its own, so nobody queues on a row lock.
/// </summary>
public static class Race
{
    public static async Task<int> Run(Options o)
    {
        var clients = o.Int("clients", 500);
        var seats = o.Int("seats", 100);
        var offset = o.Int("offset");
        var tag = o.Int("tag", 90);
        using var http = Http.Client(o, clients);

        var institution = await Http.CreateAsync(http, "/api/institutions", new
        {
            name = "基准测试抢位学校", creditCode = Ids.CreditCode(tag * 10_000), kind = "training-provider", regionCode = "441625"
        });
        Task<Guid> NewClass(string title, int capacity) => Http.CreateAsync(http, "/api/classes", new
        {
            institutionId = institution, programme = "yuecai", title, startDate = "2026-03-02", endDate = "2026-03-20", capacity
        });

        var hot = await NewClass("基准测试抢位班", seats);
        var spread = new Guid[clients];
        for (var i = 0; i < clients; i++) spread[i] = await NewClass($"基准测试对照班 {i}", seats);

        await WarmConnections(http, clients);
        var hotRun = await RaceOnce(http, i => hot, offset, clients, seats);
        await WarmConnections(http, clients);
        var spreadRun = await RaceOnce(http, i => spread[i], offset + clients, clients, seats);

        using var answer = await http.GetAsync($"/api/classes/{hot}");
        var cls = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var enrolled = (int)cls["enrolled"]!;
        hotRun["class_id"] = hot.ToString();
        hotRun["class_enrolled"] = enrolled;
        hotRun["exactly_filled"] = (int)hotRun["accepted"]! == seats && enrolled == seats && (int)hotRun["conflicts"]! == clients - seats;
        Options.Write(o.Text("out"), new JsonObject { ["clients"] = clients, ["seats"] = seats, ["hot"] = hotRun, ["spread"] = spreadRun });
        return 0;
    }

    // Opens one connection per client, so the race measures enrollments, not TCP handshakes.
    public static async Task WarmConnections(HttpClient http, int clients) =>
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var r = await http.GetAsync("/bench/fixed-answer");
        }));

    static async Task<JsonObject> RaceOnce(HttpClient http, Func<int, Guid> classOf, int offset, int clients, int seats)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        var accepted = 0;
        long fillTicks = 0;
        var statuses = new int[600];
        var tasks = Enumerable.Range(0, clients).Select(async i =>
        {
            var body = Http.Json(Ids.EnrollmentBody(offset + i));
            await start.Task;
            try
            {
                using var response = await http.PostAsync($"/api/classes/{classOf(i)}/enrollments", body);
                await response.Content.LoadIntoBufferAsync();
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                if (response.StatusCode == HttpStatusCode.Created && Interlocked.Increment(ref accepted) == seats)
                    fillTicks = clock.ElapsedTicks;
            }
            catch (Exception)
            {
                Interlocked.Increment(ref statuses[599]);
            }
        }).ToArray();
        clock.Start();
        start.SetResult();
        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(60)));
        var allMs = clock.Elapsed.TotalMilliseconds;
        return new JsonObject
        {
            ["accepted"] = statuses[201], ["conflicts"] = statuses[409], ["statuses"] = RateLoad.StatusCounts(statuses),
            ["fill_ms"] = Stats.Round(fillTicks * 1000.0 / Stopwatch.Frequency), ["all_answered_ms"] = Stats.Round(allMs)
        };
    }
}
