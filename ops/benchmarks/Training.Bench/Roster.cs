using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Training.Bench;

/// <summary>
/// Issue 12: one roster upload of N new people into a class of N seats, against the same N people enrolled one request at a
/// time (a fixed number of clients) into a class of its own, in the same run against the same service and database. Also
/// checks that the endpoint's own body limit holds on Kestrel: a 2 MB file is read, a 6 MB one is 413.
/// </summary>
public static class Roster
{
    public static async Task<int> Run(Options o)
    {
        var rows = o.Int("rows", 5000);
        var clients = o.Int("clients", 16);
        var tag = o.Int("tag", 1);
        if (rows is < 1 or > 5000 || clients is < 1 or > 64) throw new ArgumentException("--rows 1..5000, --clients 1..64");
        using var http = Http.Client(o, clients);
        http.Timeout = TimeSpan.FromMinutes(5);

        var institution = await Http.CreateAsync(http, "/api/institutions", new
        {
            name = $"花名册基准学校 {tag}", creditCode = Ids.CreditCode(900_000 + tag), kind = "training-provider", regionCode = "441625"
        });
        async Task<Guid> NewClass(string title) => await Http.CreateAsync(http, "/api/classes", new
        {
            institutionId = institution, programme = "yuecai", title, startDate = "2026-03-02", endDate = "2026-03-20", capacity = rows
        });
        var offset = tag * 100_000L; // people distinct per run and per step
        string Csv(long from, int count, int padding = 0) => "身份证号,姓名,人员类别,备注\r\n" + string.Concat(Enumerable.Range(0, count)
            .Select(i => $"{Ids.IdNumber(from + i)},王小明,农民工,{new string('x', padding)}\r\n"));

        var result = new JsonObject { ["rows"] = rows, ["clients"] = clients };

        // Warm-up: both paths once on a small class, so neither figure carries the JIT or the connection pools.
        var warm = await NewClass("预热班");
        await Upload(http, warm, Csv(offset + 90_000, 10));
        await Single(http, warm, offset + 90_100, 10, clients);

        // A dry run of the full file first (nothing appended), then the upload, then the singles.
        var uploadClass = await NewClass("花名册导入班");
        var file = Csv(offset, rows);
        var dry = Stopwatch.StartNew();
        var dryAnswer = await Upload(http, uploadClass, file, "?dryRun=true");
        dry.Stop();
        result["dry_run_s"] = Math.Round(dry.Elapsed.TotalSeconds, 3);
        var upload = Stopwatch.StartNew();
        var answer = await Upload(http, uploadClass, file);
        upload.Stop();
        result["upload_s"] = Math.Round(upload.Elapsed.TotalSeconds, 3);
        result["upload_bytes"] = Encoding.UTF8.GetByteCount(file);
        result["upload_enrolled"] = (int)answer["enrolled"]!;
        result["dry_run_enrolled"] = (int)dryAnswer["enrolled"]!;

        var singleClass = await NewClass("逐个报名班");
        var single = Stopwatch.StartNew();
        var created = await Single(http, singleClass, offset + 50_000, rows, clients);
        single.Stop();
        result["single_s"] = Math.Round(single.Elapsed.TotalSeconds, 3);
        result["single_created"] = created;
        result["single_per_s"] = Math.Round(rows / single.Elapsed.TotalSeconds, 1);
        result["upload_rows_per_s"] = Math.Round(rows / upload.Elapsed.TotalSeconds, 1);
        result["speedup"] = Math.Round(single.Elapsed.TotalSeconds / upload.Elapsed.TotalSeconds, 1);

        foreach (var id in new[] { uploadClass, singleClass })
        {
            var cls = await http.GetFromJsonNode($"/api/classes/{id}");
            result[id == uploadClass ? "upload_class_enrolled" : "single_class_enrolled"] = (int)cls["enrolled"]!;
        }
        Options.Write(o.Text("out"), result); // the figures, whatever the checks below do

        // Kestrel allows 1 MB a request elsewhere; this endpoint raises it for itself.
        var limitClass = await NewClass("上限班");
        result["two_mb_status"] = await Status(http, limitClass, Csv(offset + 70_000, 10, padding: 2 * 1024 * 1024 / 10));
        result["six_mb_status"] = await Status(http, limitClass, Csv(offset + 80_000, 10, padding: 6 * 1024 * 1024 / 10));

        Options.Write(o.Text("out"), result);
        return 0;
    }

    static async Task<HttpResponseMessage> Post(HttpClient http, Guid classId, string csv, string query = "")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        return await http.PostAsync($"/api/classes/{classId}/roster{query}", content);
    }

    // Expect: 100-continue, so that a body refused on its Content-Length is never sent (else the server closes mid-upload).
    static async Task<int> Status(HttpClient http, Guid classId, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/classes/{classId}/roster?dryRun=true")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = MediaTypeHeaderValue.Parse("text/csv") } }
        };
        request.Headers.ExpectContinue = true;
        try
        {
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return -1; // the server closed the connection before answering
        }
    }

    static async Task<JsonNode> Upload(HttpClient http, Guid classId, string csv, string query = "")
    {
        using var response = await Post(http, classId, csv, query);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        return JsonNode.Parse(body)!;
    }

    static async Task<int> Single(HttpClient http, Guid classId, long from, int count, int clients)
    {
        var created = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) =>
        {
            using var response = await http.PostAsync($"/api/classes/{classId}/enrollments", Http.Json(Ids.EnrollmentBody(from + i)));
            if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref created);
        });
        return created;
    }

    static async Task<JsonNode> GetFromJsonNode(this HttpClient http, string path) =>
        JsonNode.Parse(await http.GetStringAsync(path))!;
}
