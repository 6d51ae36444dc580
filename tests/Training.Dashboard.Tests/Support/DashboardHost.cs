using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Training.Access;
using Wolverine;

namespace Training.Dashboard.Tests.Support;

/// <summary>
/// The service on a real port (a browser cannot reach an in-memory test server), in its own database on the PostgreSQL
/// that ./ops/test starts, so that it never races the other test project's resets. Settings beyond the defaults come
/// from <paramref name="settings"/> (the sign-in test points the service at its OpenID provider).
/// </summary>
public sealed class DashboardHost(string database, IReadOnlyDictionary<string, string?>? settings = null, int port = 0) : IAsyncDisposable
{
    /// <summary>Mid-2026 in China Standard Time, as the other tests; scenarios move it to record changes on other days.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));
    public const string SigningKey = "dashboard-test-signing-key-of-32-bytes-or-more";

    public FakeTimeProvider Clock { get; } = new(Now);
    public Uri Address { get; private set; } = null!;
    Factory _factory = null!;

    public async Task StartAsync()
    {
        var connectionString = await CreateDatabase(database);
        JasperFxEnvironment.AutoStartHost = true;
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Training"] = connectionString,
            ["Training:TraineeIdSecret"] = "test-secret",
            ["Auth:SigningKey"] = SigningKey,
            ["Training:Durability"] = nameof(DurabilityMode.Solo),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        _factory = new Factory(all, Clock);
        _factory.UseKestrel(port); // 0: any free port, as several engineers and CI run tests side by side
        _factory.StartServer();
        Address = _factory.ClientOptions.BaseAddress;
    }

    /// <summary>A development token for <paramref name="role"/>, valid now by the real clock (the one the token check uses).</summary>
    public string Token(string role, string? region = null, string name = "测试用户") =>
        Authentication.DevToken(_factory.Services.GetRequiredService<IConfiguration>(), TimeProvider.System, role, $"test-{role}", name,
            regionCode: region);

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<JsonElement> Get(string token, string url)
    {
        using var client = Client(token);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> Send(string token, HttpMethod method, string url, object body)
    {
        using var client = Client(token);
        var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: Json) });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{method} {url} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A database of this test project's own beside ./ops/test's, emptied at each start.</summary>
    static async Task<string> CreateDatabase(string name)
    {
        var shared = Environment.GetEnvironmentVariable("ConnectionStrings__Training")
            ?? throw new InvalidOperationException("ConnectionStrings__Training is not set: run the tests with ./ops/test, which starts PostgreSQL.");
        await using (var admin = new NpgsqlConnection(shared))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(shared) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }

    sealed class Factory(IReadOnlyDictionary<string, string?> settings, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
    }
}
