using System.Net;
using System.Net.Http.Json;
using System.Text;
using MiniExcelLibs;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_exporting_reports(TrainingHost fixture) : ReportsContext(fixture)
{
    const string Header =
        "地区代码 Region code,地区 Region,项目代码 Programme,项目 Programme name,年度 Year,截至 As of,报名人次 Enrolled,结业人次 Completed," +
        "培训人数 Unique trainees,退出人次 Withdrawn,取消人次 Cancelled,发证数 Certified,持证人数 Certified trainees,结业人数 Completed trainees," +
        "结业人员持证率% Certified share of completed %,带动就业人次 Employed,带动就业人数 Employed people,时间进度% Elapsed %," +
        "目标·报名人次 Target enrolled,完成率·报名人次% Percent of target enrolled,应达·报名人次 Expected enrolled,进度·报名人次 Pace enrolled," +
        "目标·结业人次 Target completed,完成率·结业人次% Percent of target completed,应达·结业人次 Expected completed,进度·结业人次 Pace completed," +
        "目标·发证数 Target certified,完成率·发证数% Percent of target certified,应达·发证数 Expected certified,进度·发证数 Pace certified," +
        "目标·带动就业 Target employed,完成率·带动就业% Percent of target employed,应达·带动就业 Expected employed,进度·带动就业 Pace employed";

    async Task<HttpResponseMessage> Get(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return await Api.Client().SendAsync(request);
    }

    [Fact]
    public async Task a_year_report_as_csv_is_utf8_with_a_bom_and_bilingual_headers()
    {
        await Api.EnrollMany(await Api.NewClass("442000"), 1, 2);

        var response = await Get("/api/progress/442000/2026?format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("progress-442000-2026.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        Encoding.UTF8.GetString(bytes[3..]).Should().Be(
            Header + "\r\n" +
            "442000,中山市,yuecai,粤菜师傅,2026,2026-06-15,2,0,2,0,0,0,0,0,,0,0,45.5,1000,0.2,454.8,behind,,,,,,,,,,,,\r\n" +
            "442000,中山市,jiazheng,南粤家政,2026,2026-06-15,0,0,0,0,0,0,0,0,,0,0,45.5,,,,,,,,,,,,,,,,\r\n" +
            "442000,中山市,jigong,广东技工,2026,2026-06-15,0,0,0,0,0,0,0,0,,0,0,45.5,,,,,,,,,,,,,,,,\r\n" +
            "442000,中山市,all,全部项目,2026,2026-06-15,2,0,2,0,0,0,0,0,,0,0,45.5,,,,,,,,,,,,,,,,\r\n");
        (await (await Get("/api/progress/442000/2026", "text/csv")).Content.ReadAsByteArrayAsync()).Should().Equal(bytes,
            "Accept: text/csv asks for the same file");
    }

    [Fact]
    public async Task a_period_report_as_csv_has_a_row_a_year_and_one_for_the_span()
    {
        await Api.EnrollMany(await Api.ClassIn("441625", "2025-03-01"), 1, 1);

        var response = await Get("/api/progress/441625/period/2024-2025?format=csv&asOf=2026-06-15");

        response.Content.Headers.ContentDisposition!.FileName.Should().Be("progress-441625-2024-2025-asof-2026-06-15.csv");
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1 + 4 * 3);
        lines[1].Should().StartWith("441625,东源县,yuecai,粤菜师傅,2024,2026-06-15,0,");
        lines[2].Should().StartWith("441625,东源县,yuecai,粤菜师傅,2025,2026-06-15,1,");
        lines[3].Should().StartWith("441625,东源县,yuecai,粤菜师傅,2024-2025,2026-06-15,1,");
    }

    [Fact]
    public async Task names_with_commas_quotes_or_formulas_stay_text_in_a_breakdown()
    {
        async Task<Guid> Institution(string name, int n) => (await Api.Expect<Created>(await Api.Post("/api/institutions", new
        {
            name, creditCode = People.CreditCode(900_000 + n), kind = "training-provider", regionCode = "441625"
        }), HttpStatusCode.Created)).Id;
        await Api.EnrollMany(await Api.RegisterClass(await Institution("东源县\"名厨\",烹饪学校", 1)), 1, 2);
        await Api.EnrollMany(await Api.RegisterClass(await Institution("=HYPERLINK(\"http://example.invalid\")", 2)), 3, 1);

        var response = await Get("/api/progress/441625/2026/yuecai?format=csv");

        response.Content.Headers.ContentDisposition!.FileName.Should().Be("progress-441625-2026-yuecai.csv");
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n");
        lines[0].Should().Be("地区代码 Region code,地区 Region,年度 Year,项目代码 Programme,项目 Programme name,截至 As of,分组 Split,代码 Code," +
                             "名称 Name,报名人次 Enrolled,结业人次 Completed,退出人次 Withdrawn,取消人次 Cancelled,发证数 Certified,带动就业人次 Employed");
        lines[1].Should().Be("441625,东源县,2026,yuecai,粤菜师傅,2026-06-15,total,,合计 Total,3,0,0,0,0,0");
        lines.Should().Contain(l => l.EndsWith(",\"东源县\"\"名厨\"\",烹饪学校\",2,0,0,0,0,0"));
        lines.Should().Contain(l => l.EndsWith(",\"'=HYPERLINK(\"\"http://example.invalid\"\")\",1,0,0,0,0,0"));
        lines.Count(l => l.Contains(",month,")).Should().Be(12);
    }

    [Fact]
    public async Task the_same_report_comes_as_a_spreadsheet()
    {
        await Api.EnrollMany(await Api.NewClass("442000"), 1, 2);

        foreach (var response in new[] { await Get("/api/progress/442000/2026?format=xlsx"),
                     await Get("/api/progress/442000/2026", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            response.Content.Headers.ContentDisposition!.FileName.Should().Be("progress-442000-2026.xlsx");
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
            rows.Should().HaveCount(4);
            rows[0]["项目 Programme name"].Should().Be("粤菜师傅");
            Convert.ToInt32(rows[0]["报名人次 Enrolled"]).Should().Be(2);
            Convert.ToInt32(rows[0]["目标·报名人次 Target enrolled"]).Should().Be(1000);
            rows[3]["项目代码 Programme"].Should().Be("all");
        }
    }

    [Fact]
    public async Task json_stays_the_default()
    {
        var response = await Get("/api/progress/442000/2026", "text/html,application/xhtml+xml,*/*");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadFromJsonAsync<Training.Progress.RegionProgress>(Api.Json))!.RegionName.Should().Be("中山市");
    }

    [Theory]
    [InlineData("/api/progress/442000/2026?format=pdf")]
    [InlineData("/api/progress/442000/period/2023-2027?format=xls")]
    [InlineData("/api/progress/442000/2026/yuecai?format=")]
    public async Task an_unknown_format_is_refused(string url) =>
        await (await Api.Send(HttpMethod.Get, url)).ShouldBeProblem(HttpStatusCode.BadRequest, "format");
}
