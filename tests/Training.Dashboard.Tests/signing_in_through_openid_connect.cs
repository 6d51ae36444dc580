using Microsoft.Playwright;
using Training.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Training.Dashboard.Tests;

/// <summary>
/// With an OpenID Connect issuer configured, the page signs in through it (authorization code with PKCE, as a public
/// client) and calls the API with the access token the issuer made; development tokens are neither offered nor accepted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class signing_in_through_openid_connect(Browser browser) : IAsyncLifetime
{
    LocalIssuer _issuer = null!;
    DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        // The issuer must know the dashboard's address and the service the issuer's: the service's port is chosen first.
        var port = LocalIssuer.FreePort();
        _issuer = await LocalIssuer.Start(new Uri($"http://127.0.0.1:{port}"));
        _host = new DashboardHost("training_dashboard_oidc", new Dictionary<string, string?>
        {
            ["Auth:Authority"] = _issuer.Address.ToString().TrimEnd('/'),
            ["Auth:RequireHttpsMetadata"] = "false", // a plain-http issuer on this machine
            ["Dashboard:ClientId"] = LocalIssuer.ClientId,
            ["Dashboard:Scope"] = "openid profile training",
        }, port);
        await _host.StartAsync();
    }

    [Fact]
    public async Task a_bureau_signs_in_at_its_issuer_and_the_api_accepts_the_token_it_issued()
    {
        var (page, errors) = await browser.NewPage();
        await page.GotoAsync($"{_host.Address.ToString().TrimEnd('/')}/dashboard/441600?year=2026");
        await Expect(page.Locator("#dev-token-form")).ToBeHiddenAsync();

        await page.ClickAsync("#oidc-button");
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync(); // the issuer's own sign-in form
        page.Url.Should().StartWith(_issuer.Address.ToString());
        await page.FillAsync("input[name=login]", "heyuan-bureau");
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        // The issuer's consent screen (a first-party client would be configured to skip it).
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("#who-name")).ToHaveTextAsync("河源市人社局（统一认证）");
        await Expect(page.Locator("#cards .card").First).ToBeVisibleAsync();
        await Expect(page.Locator("#loading")).ToBeHiddenAsync();
        page.Url.Should().StartWith($"{_host.Address.ToString().TrimEnd('/')}/dashboard/441600").And.NotContain("code=");

        // The token the page holds is the issuer's, and the API takes it: the same figures as the page shows.
        var token = await page.EvaluateAsync<string>("sessionStorage.getItem('training.token')");
        var me = await _host.Get(token, "/api/me");
        me.GetProperty("role").GetString().Should().Be("bureau");
        me.GetProperty("regionCode").GetString().Should().Be("441600");
        var progress = await _host.Get(token, "/api/progress/441600/2026");
        var yuecai = progress.GetProperty("programmes").EnumerateArray().Single(p => p.GetProperty("programme").GetString() == "yuecai");
        (await page.Locator(".card[data-programme='yuecai'] [data-field='target']").TextContentAsync())!.Replace(",", "")
            .Should().Be($"{yuecai.GetProperty("target").GetInt32()}");

        // A development token means nothing to a service that trusts an issuer.
        using var client = _host.Client(_host.Token("admin"));
        ((int)(await client.GetAsync("/api/me")).StatusCode).Should().Be(401);
        // The issuer's development pages ask for a web font elsewhere (refused); the dashboard's own pages log nothing.
        errors.Where(e => e.StartsWith(_host.Address.ToString())).Should().BeEmpty();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }
}
