using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Training.Access;
using Training.Progress;
using Wolverine;

namespace Training.Tests.Support;

/// <summary>
/// One service per test collection, against the real PostgreSQL that ./ops/test starts
/// (ConnectionStrings__Training). Every test starts from empty data plus the seeded plan targets.
/// </summary>
public sealed class TrainingHost : IAsyncLifetime
{
    /// <summary>Mid-2026 in China Standard Time; tests move it when a rule depends on the date.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    public const string SigningKey = "test-signing-key-of-at-least-32-bytes";

    IAlbaHost? _host;

    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The service did not start (see the collection fixture's error).");
    public FakeTimeProvider Clock { get; } = new(Now);
    public LogSink Logs { get; } = new();
    /// <summary>Every answer the service gives, checked against its description as each test ends.</summary>
    public AnswerLog Answers { get; } = new();
    DescriptionCheck? _description;

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Training")
            ?? throw new InvalidOperationException("ConnectionStrings__Training is not set: run the tests with ./ops/test, which starts PostgreSQL.");
        JasperFxEnvironment.AutoStartHost = true;
        _host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Training", connectionString);
            web.UseSetting("Training:TraineeIdSecret", "test-secret");
            web.UseSetting("Auth:SigningKey", SigningKey);
            web.UseSetting("Training:Durability", nameof(DurabilityMode.Solo));
            // A read waits this long for the progress projection before answering 503: more than production's 5 s, since a
            // machine busy with other builds can take that long to project a test's first events.
            web.UseSetting("Training:Progress:ReadWait", "00:00:15");
            web.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<ILoggerProvider>(Logs);
                Answers.RecordIn(services);
            });
        });
    }

    /// <summary>A token as `dev-token` would print it, valid now by the real clock (the one the token check uses).</summary>
    public string Token(string role, Guid? institution = null, string? region = null, string? scope = null, string? subject = null) =>
        Authentication.DevToken(Host.Services.GetRequiredService<IConfiguration>(), TimeProvider.System, role, subject ?? $"test-{role}",
            $"Test {role}", institution, region, scope);

    /// <summary>The service's own /openapi/v1.json, read once.</summary>
    public async Task<DescriptionCheck> Description()
    {
        if (_description is not null) return _description;
        var text = await Host.Server.CreateClient().GetStringAsync("/openapi/v1.json");
        return _description = new DescriptionCheck(text);
    }

    /// <summary>Fails the test whose answers (every one since the last check) the description does not describe.</summary>
    public async Task CheckAnswersAsync(AnswerLog? another = null)
    {
        if (_host is null) return;
        var answers = Answers.Take().Concat(another?.Take() ?? []).ToList();
        var description = await Description();
        var problems = answers.SelectMany(description.Problems).ToList();
        problems.Should().BeEmpty("every answer must be one /openapi/v1.json describes ({0} answers checked)", answers.Count);
    }

    public async Task ResetAsync()
    {
        Clock.AdjustTime(Now); // unlike SetUtcNow, may go back when a test left the clock later
        // The fact and progress tables are ours, not Marten documents: Marten's reset does not know them. Once the reset has
        // deleted the events, the daemon has nothing of the previous test's left to write into them.
        // Marten's reset restarts the event sequence at 1. A failed save's tombstones (Marten writes them from a background
        // retry, with the sequence numbers the failed save had drawn) can land after the reset: the sequence would then hand
        // out their numbers again and the next test's appends fail on mt_events' seq_id. So the sequence keeps running.
        var dataSource = Host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var position = dataSource.CreateCommand("select last_value from training.mt_events_sequence");
        var last = (long)(await position.ExecuteScalarAsync())!;
        await Host.ResetAllMartenDataAsync();
        await using var command = dataSource.CreateCommand(
            $"truncate {Training.Enrollments.Roster.TableName}, {EnrollmentFacts.TableName}, {CertificateFacts.TableName}, {string.Join(", ", ProgressTables.Names)};" +
            $"select setval('training.mt_events_sequence', {last} + 1000)");
        await command.ExecuteNonQueryAsync();
    }

    // Safe when the host never started (no database, say): the start's own error is the one worth reading.
    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<TrainingHost>
{
    public const string Name = "integration";
}

/// <summary>Base of every HTTP test class: resets the data before each test.</summary>
[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(TrainingHost fixture) : IAsyncLifetime
{
    protected TrainingHost Fixture { get; } = fixture;
    protected IAlbaHost Host => Fixture.Host;
    /// <summary>Calls as an admin; <c>Api.As(token)</c> calls as someone else.</summary>
    protected Api Api => new(Fixture.Host, Fixture.Token(Roles.Admin));

    public Task InitializeAsync() => Fixture.ResetAsync();
    public virtual Task DisposeAsync() => Fixture.CheckAnswersAsync();
}
