using Microsoft.Playwright;

namespace Training.Dashboard.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (Playwright's own browser builds cannot be downloaded here). ./ops/test
/// installs the package when it is missing; TRAINING_CHROMIUM names another executable.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    IPlaywright _playwright = null!;
    public IBrowser Chromium { get; private set; } = null!;

    public static string Executable => Environment.GetEnvironmentVariable("TRAINING_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"No browser at {Executable}: ./ops/test installs Debian's chromium (apt-get install chromium).");
        // A first request can wait on the service compiling its handler (dynamic code in Development) on a busy 2-core
        // machine: the waits poll for up to 30 s rather than Playwright's default 5.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Executable, Headless = true,
            Args = ["--no-sandbox", "--lang=zh-CN"] // CI runs as root, where chromium's sandbox will not start
        });
    }

    /// <summary>A fresh profile at the office PC's screen size, collecting what a person never sees: console errors.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPage()
    {
        var context = await Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1366, Height = 768 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", AcceptDownloads = true
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        // Each entry starts with the address of the page that logged it, so a test can tell the dashboard from an issuer's page.
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"{page.Url} console: {message.Text}"); };
        page.PageError += (_, error) => { lock (errors) errors.Add($"{page.Url} page error: {error}"); };
        // Nothing leaves this machine: a request to another host is refused, and counts as an error of its page.
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host is "127.0.0.1" or "localhost") await route.ContinueAsync();
            else
            {
                lock (errors) errors.Add($"{page.Url} request to another host: {route.Request.Url}");
                await route.AbortAsync();
            }
        });
        return (page, errors);
    }

    /// <summary>Test artifacts land beside ./ops/test's results (.local/test-results/dashboard).</summary>
    public static string ArtifactPath(string file)
    {
        var results = Path.Combine(Repository.Root, ".local", "test-results", "dashboard");
        Directory.CreateDirectory(results);
        return Path.Combine(results, file);
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
