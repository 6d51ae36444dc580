using System.Net;
using System.Net.Http.Headers;
using Training.Dashboard.Tests.Support;

namespace Training.Dashboard.Tests;

/// <summary>What a browser gets before any sign-in: the page and its files, compressed, cached, and only from here.</summary>
[Collection(BrowserCollection.Name)] // one service at a time with the browser tests, on a 2-core machine
public sealed class when_serving_the_page : IAsyncLifetime
{
    readonly DashboardHost _host = new("training_dashboard_assets");
    const string ECharts = "/dashboard/assets/echarts/echarts-6.1.0.common.min.js";

    public Task InitializeAsync() => _host.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    async Task<HttpResponseMessage> Get(string url, string? encoding = null, string? etag = null)
    {
        using var client = _host.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null) request.Headers.AcceptEncoding.ParseAdd(encoding);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/441600")]
    public async Task the_page_needs_no_token_and_allows_nothing_from_elsewhere(string url)
    {
        var response = await Get(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().Contain("default-src 'self'").And.Contain("script-src 'self';").And.Contain("connect-src 'self';");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("http://").And.NotContain("https://").And.Contain("lang=\"zh-CN\"");
    }

    [Theory]
    [InlineData("br", 200_000, 225_000)]
    [InlineData("gzip", 230_000, 250_000)]
    public async Task echarts_travels_compressed_and_is_cached_for_good(string encoding, int atLeast, int atMost)
    {
        var response = await Get(ECharts, encoding);

        response.Content.Headers.ContentEncoding.Should().Equal(encoding);
        (await response.Content.ReadAsByteArrayAsync()).Length.Should().BeInRange(atLeast, atMost, "715 KB of script compresses to about a third");
        response.Headers.CacheControl!.ToString().Should().Contain("immutable");
    }

    [Fact]
    public async Task an_unchanged_file_answers_304()
    {
        var first = await Get("/dashboard/assets/dashboard.js", "br");
        var etag = first.Headers.ETag!.ToString();

        var again = await Get("/dashboard/assets/dashboard.js", "br", etag);

        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
        first.Headers.CacheControl!.NoCache.Should().BeTrue("the page's own files are checked on every load");
    }

    [Theory]
    [InlineData("/dashboard/assets/nothing.js")]
    [InlineData("/dashboard/assets/Echarts/LICENSE")]
    [InlineData("/dashboard/assets/dashboard.cs")]
    public async Task nothing_else_is_served(string url) => (await Get(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);

    [Fact]
    public async Task the_sign_in_settings_say_development_tokens_are_taken_without_an_issuer()
    {
        var settings = await (await Get("/dashboard/sign-in.json")).Content.ReadAsStringAsync();
        settings.Should().Contain("\"developmentTokens\":true").And.Contain("\"authority\":null");
    }
}
