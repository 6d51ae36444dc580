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
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => { lock (errors) errors.Add($"page error: {error}"); };
        return (page, errors);
    }

    /// <summary>Test artifacts land beside ./ops/test's results (.local/test-results/dashboard).</summary>
    public static string ArtifactPath(string file)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Training.sln"))) folder = folder.Parent;
        var results = Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, ".local", "test-results", "dashboard");
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
