using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Training.Access;
using Training.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Training.Dashboard.Tests;

/// <summary>
/// Heyuan's bureau opens the dashboard in a real browser, signed in with a development token in the address's fragment,
/// and sees exactly what the API answers: the cards, the programme's totals and its split by county, as of today and as
/// of a past day; a region outside its scope is never offered; the console stays clean.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class a_bureau_reads_its_dashboard(Browser browser, HeyuanWorld world) : IClassFixture<HeyuanWorld>
{
    const string Year = "2026";

    async Task<(IPage Page, List<string> Errors)> Open(string path, Action<IPage>? before = null)
    {
        var (page, errors) = await browser.NewPage();
        before?.Invoke(page);
        await page.GotoAsync($"{world.Host.Address.ToString().TrimEnd('/')}{path}#token={world.Bureau}");
        await Loaded(page);
        return (page, errors);
    }

    /// <summary>Waits (Playwright polls, with a deadline) until the cards and the county table are drawn and nothing is loading.</summary>
    static async Task Loaded(IPage page)
    {
        await Expect(page.Locator("#cards .card").First).ToBeVisibleAsync();
        await Expect(page.Locator("#table-regions tbody tr").First).ToBeAttachedAsync();
        await Expect(page.Locator("#loading")).ToBeHiddenAsync();
    }

    static decimal Number(string? shown) =>
        decimal.Parse((shown ?? "").Replace(",", "").Replace("%", "").Trim(), CultureInfo.InvariantCulture);

    static async Task<string?> Field(IPage page, string programme, string field) =>
        await page.Locator($".card[data-programme='{programme}'] [data-field='{field}']").TextContentAsync();

    /// <summary>Every card's figures against the year answer, and the programme's totals and counties against its breakdown.</summary>
    async Task ShouldShowTheApisFigures(IPage page, string? asOf)
    {
        var query = asOf is null ? "" : $"?asOf={asOf}";
        var year = await world.Api($"/api/progress/{HeyuanWorld.Heyuan}/{Year}{query}");
        foreach (var programme in year.GetProperty("programmes").EnumerateArray())
        {
            var code = programme.GetProperty("programme").GetString()!;
            Number(await Field(page, code, "enrolled")).Should().Be(programme.GetProperty("enrolled").GetInt32(), code);
            Number(await Field(page, code, "uniqueTrainees")).Should().Be(programme.GetProperty("uniqueTrainees").GetInt32(), code);
            Number(await Field(page, code, "completed")).Should().Be(programme.GetProperty("completed").GetInt32(), code);
            Number(await Field(page, code, "certified")).Should().Be(programme.GetProperty("certified").GetInt32(), code);
            if (programme.GetProperty("target").ValueKind == JsonValueKind.Null)
                (await Field(page, code, "target")).Should().Be("未设目标");
            else
            {
                Number(await Field(page, code, "target")).Should().Be(programme.GetProperty("target").GetInt32(), code);
                Number(await Field(page, code, "percent")).Should().Be(programme.GetProperty("percentOfTarget").GetDecimal(), code);
                (await page.Locator($".card[data-programme='{code}'] [data-field='pace']").GetAttributeAsync("data-pace"))
                    .Should().Be(programme.GetProperty("pace").GetString(), code);
            }
        }

        var breakdown = await world.Api($"/api/progress/{HeyuanWorld.Heyuan}/{Year}/yuecai{query}");
        var total = breakdown.GetProperty("total");
        foreach (var field in new[] { "enrolled", "uniqueTrainees", "completed", "certified", "withdrawn", "cancelled" })
            Number(await page.Locator($"#totals [data-field='{field}']").TextContentAsync()).Should().Be(total.GetProperty(field).GetInt32(), field);

        var rows = await page.Locator("#table-regions tbody tr").AllAsync();
        var regions = breakdown.GetProperty("byRegion").EnumerateArray().ToList();
        rows.Should().HaveCount(regions.Count);
        for (var i = 0; i < regions.Count; i++)
        {
            var cells = await rows[i].Locator("th, td").AllTextContentsAsync();
            cells[0].Should().Be(regions[i].GetProperty("name").GetString());
            Number(cells[1]).Should().Be(regions[i].GetProperty("enrolled").GetInt32(), cells[0]);
        }
    }

    [Fact]
    public async Task the_figures_shown_are_the_apis()
    {
        var transfers = new List<Task<RequestSizesResult>>();
        var (page, errors) = await Open($"/dashboard/{HeyuanWorld.Heyuan}?year={Year}&programme=yuecai",
            p => p.RequestFinished += (_, request) => { lock (transfers) transfers.Add(request.SizesAsync()); });

        await Expect(page.Locator("#who-name")).ToHaveTextAsync("河源市人社局");
        await ShouldShowTheApisFigures(page, asOf: null);
        // Dongyuan's own target of 300 stands beside its bar, in the county table.
        var dongyuan = page.Locator("#table-regions tbody tr", new() { HasText = "东源县" });
        (await dongyuan.Locator("td").Nth(4).TextContentAsync()).Should().Be("300");

        // The first load, as transferred (compressed bodies and headers), in a fresh profile with nothing cached.
        var sizes = await Task.WhenAll(transfers.ToArray());
        var bytes = sizes.Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize + s.RequestHeadersSize);
        await File.WriteAllTextAsync(Browser.ArtifactPath("first-load.txt"), $"{sizes.Length} requests, {bytes} bytes transferred\n");
        bytes.Should().BeLessThan(1_000_000, "the first load stays under 1 MB");

        (await page.ContentAsync()).Should().NotMatchRegex(@"\d{17}[\dXx]", "no full resident ID number is ever on the page");

        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("heyuan-2026.png") });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.PdfAsync(new() { Path = Browser.ArtifactPath("heyuan-2026-print.pdf"), Format = "A4", PrintBackground = true });
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task switching_the_as_of_date_changes_the_figures_as_the_api_does()
    {
        var (page, errors) = await Open($"/dashboard/{HeyuanWorld.Heyuan}?year={Year}&programme=yuecai");
        var today = Number(await Field(page, "yuecai", "enrolled"));

        await page.FillAsync("#as-of", HeyuanWorld.BeforeApril);
        await Expect(page.Locator("#report-title")).ToContainTextAsync($"截至 {HeyuanWorld.BeforeApril}");
        await Loaded(page);

        await ShouldShowTheApisFigures(page, HeyuanWorld.BeforeApril);
        // Before April: Dongyuan's five, none withdrawn yet, Longchuan's four not yet enrolled.
        Number(await Field(page, "yuecai", "enrolled")).Should().Be(5).And.NotBe(today);
        page.Url.Should().Contain($"asOf={HeyuanWorld.BeforeApril}", "the address keeps the view, so it can be bookmarked or shared");
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task a_region_outside_the_bureaus_scope_is_not_offered()
    {
        // Jiangmen's city (440700) is asked for in the address; the page shows Heyuan instead and never asks for Jiangmen.
        var (page, errors) = await Open("/dashboard/440700");

        var offered = await page.Locator("#region option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        var readable = (await world.Api("/api/me")).GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        offered.Should().Equal(readable);
        offered.Should().Contain([HeyuanWorld.Heyuan, HeyuanWorld.Dongyuan, HeyuanWorld.Longchuan])
            .And.NotContain(["440700", HeyuanWorld.Jiangmen, "440000"]).And.OnlyContain(code => code.StartsWith("4416"));
        await Expect(page.Locator("#report-title")).ToContainTextAsync("河源市");
        errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("overview", "csv", "/api/progress/441600/2026?format=csv&asOf=2026-03-31")]
    [InlineData("breakdown", "xlsx", "/api/progress/441600/2026/yuecai?format=xlsx&asOf=2026-03-31")]
    public async Task the_download_links_save_the_apis_report(string which, string format, string url)
    {
        var (page, errors) = await Open($"/dashboard/{HeyuanWorld.Heyuan}?year={Year}&programme=yuecai&asOf={HeyuanWorld.BeforeApril}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-download={which}][data-format={format}]"));

        download.SuggestedFilename.Should().EndWith($".{format}").And.Contain("河源市").And.Contain(HeyuanWorld.BeforeApril);
        var saved = await File.ReadAllBytesAsync(await download.PathAsync());
        using var client = world.Host.Client(world.Bureau);
        var fromApi = await client.GetByteArrayAsync(url);
        if (format == "csv") saved.Should().Equal(fromApi);
        else saved.Take(2).Should().Equal("PK"u8.ToArray(), "an .xlsx is a zip"); // a workbook carries its creation time
        saved.Length.Should().BeGreaterThan(100);
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task when_the_service_is_unreachable_the_page_says_so_and_retries()
    {
        var (page, errors) = await Open($"/dashboard/{HeyuanWorld.Heyuan}?year={Year}");

        await page.Context.SetOfflineAsync(true);
        await page.FillAsync("#as-of", HeyuanWorld.BeforeApril);
        await Expect(page.Locator("#message")).ToContainTextAsync("无法连接服务");

        await page.Context.SetOfflineAsync(false);
        await page.ClickAsync("#message-action"); // 重试
        await Expect(page.Locator("#report-title")).ToContainTextAsync($"截至 {HeyuanWorld.BeforeApril}");
        await Expect(page.Locator("#message")).ToBeHiddenAsync();
        errors.Should().OnlyContain(e => e.Contains("ERR_INTERNET_DISCONNECTED"), "the failed requests are the only errors");
    }

    [Fact]
    public async Task a_sign_in_without_a_region_is_told_the_dashboard_is_for_bureaus()
    {
        var (page, errors) = await browser.NewPage();
        await page.GotoAsync($"{world.Host.Address.ToString().TrimEnd('/')}/dashboard#token={world.Host.Token("certifier", name: "鉴定中心")}");

        await Expect(page.Locator("#message")).ToContainTextAsync("无可查看的地区");
        await Expect(page.Locator("#who-name")).ToHaveTextAsync("鉴定中心");
        await Expect(page.Locator("#report")).ToBeHiddenAsync();
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task an_expired_sign_in_is_noticed_before_asking_the_api()
    {
        var (page, errors) = await browser.NewPage();
        await page.GotoAsync($"{world.Host.Address.ToString().TrimEnd('/')}/dashboard#token={ExpiredToken()}");

        await Expect(page.Locator("#message")).ToContainTextAsync("登录已过期");
        await Expect(page.Locator("#message-action")).ToHaveTextAsync("重新登录");
        await Expect(page.Locator("#dev-token-form")).ToBeVisibleAsync();
        errors.Should().BeEmpty("nothing was sent with a token known to be expired");
    }

    /// <summary>A bureau token as dev-token makes them, which ran out an hour ago.</summary>
    static string ExpiredToken()
    {
        var now = DateTime.UtcNow;
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(DashboardHost.SigningKey));
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(Authentication.DevIssuer, Authentication.DefaultAudience,
            [new Claim("sub", "expired"), new Claim("name", "河源市人社局"), new Claim("role", "bureau"), new Claim("region", HeyuanWorld.Heyuan)],
            now.AddHours(-9), now.AddHours(-1), new SigningCredentials(key, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task an_invalid_sign_in_says_so_and_offers_to_sign_in_again()
    {
        var (page, errors) = await browser.NewPage();
        await page.GotoAsync($"{world.Host.Address.ToString().TrimEnd('/')}/dashboard#token=not-a-token");

        await Expect(page.Locator("#message")).ToContainTextAsync("登录已过期或无效");
        await Expect(page.Locator("#dev-token-form")).ToBeVisibleAsync();
        page.Url.Should().NotContain("not-a-token", "the token leaves the address bar at once");
        errors.Should().OnlyContain(e => e.Contains("401"), "the refused request is the only error");

        await page.FillAsync("#dev-token", world.Bureau);
        await page.ClickAsync("#dev-token-form button[type=submit]");
        await Loaded(page);
        await Expect(page.Locator("#message")).ToBeHiddenAsync();
    }
}
