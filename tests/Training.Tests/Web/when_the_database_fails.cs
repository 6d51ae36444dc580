using System.Net;
using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Access;
using Training.Identity;
using Training.Tests.Support;
using Wolverine;

namespace Training.Tests.Web;

/// <summary>A second service on the same database, reaching it through a proxy the tests break.</summary>
public sealed class ServiceBehindFlakyProxy : IAsyncLifetime
{
    public FlakyProxy Proxy { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public LogSink Logs { get; } = new();
    public AnswerLog Answers { get; } = new();

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Training")
            ?? throw new InvalidOperationException("ConnectionStrings__Training is not set: run the tests with ./ops/test.");
        Proxy = new FlakyProxy(connectionString);
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Training", Proxy.Through(connectionString));
            web.UseSetting("Training:TraineeIdSecret", "test-secret"); // the main test host's: both see the same people
            web.UseSetting("Auth:SigningKey", TrainingHost.SigningKey);
            // No background agents: the only traffic through the proxy is the test's own requests.
            web.UseSetting("Training:Durability", nameof(DurabilityMode.MediatorOnly));
            web.ConfigureServices(services =>
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                Answers.RecordIn(services);
            });
        });
    }

    public Api Api => new(Host, Authentication.DevToken(Host.Services.GetRequiredService<IConfiguration>(), TimeProvider.System,
        Roles.Admin, "test-admin", "Test admin"));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

public class when_the_database_fails(TrainingHost fixture, ServiceBehindFlakyProxy service)
    : IntegrationContext(fixture), IClassFixture<ServiceBehindFlakyProxy>
{
    Api Flaky => service.Api;

    /// <summary>Its answers through the outage are checked against the description too.</summary>
    public override Task DisposeAsync() => Fixture.CheckAnswersAsync(service.Answers);

    static async Task<JsonElement> Unavailable(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        response.Headers.RetryAfter.Should().NotBeNull("a client must know when to come back");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement;
    }

    async Task Recovered()
    {
        service.Proxy.Up();
        await Poll.Until(async () => (await Flaky.Send(HttpMethod.Get, "/health")).StatusCode, status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the service should reach its database again once it is back");
    }

    [Fact]
    public async Task while_it_is_away_commands_and_reads_answer_503_with_retry_after_and_recover_after()
    {
        var classId = await Flaky.NewClass();
        service.Logs.Clear();
        service.Proxy.Down();
        try
        {
            var refused = await Unavailable(await Flaky.TryEnroll(classId, People.IdNumber(1)));
            refused.GetProperty("detail").GetString().Should().Contain("not carried out");
            await Unavailable(await Flaky.Send(HttpMethod.Get, $"/api/classes/{classId}"));
            await Unavailable(await Flaky.Send(HttpMethod.Get, "/health"));
        }
        finally
        {
            await Recovered();
        }
        service.Logs.Lines.Should().NotContain(line => line.StartsWith("Error") || line.StartsWith("Critical"));
        var enrolled = await Flaky.TryEnroll(classId, People.IdNumber(1));
        enrolled.StatusCode.Should().Be(HttpStatusCode.Created, await enrolled.Content.ReadAsStringAsync() + "\n" + string.Join("\n", service.Logs.Lines));
        (await Api.Roster(classId)).Should().ContainSingle();
    }

    [Fact]
    public async Task a_connection_lost_during_commit_answers_outcome_unknown_and_the_retry_names_the_enrollment()
    {
        var classId = await Flaky.NewClass();
        var lost = service.Proxy.FailWhenSent("COMMIT\0", FlakyProxy.Failure.LoseAnswer);

        var unknown = await Unavailable(await Flaky.TryEnroll(classId, People.IdNumber(2)));
        lost.IsCompleted.Should().BeTrue();
        unknown.GetProperty("outcome").GetString().Should().Be("unknown");
        unknown.GetProperty("detail").GetString().Should().Contain("may or may not").And.Contain("safe");

        await Recovered();
        var landed = (await Api.Roster(classId)).Should().ContainSingle("the commit reached the database before the connection was lost").Subject;
        var retry = await Flaky.TryEnroll(classId, People.IdNumber(2));
        await retry.ShouldBeProblem(HttpStatusCode.Conflict, "idNumber");
        (await retry.Content.ReadAsStringAsync()).Should().Contain(landed.EnrollmentId.ToString());
    }

    [Fact]
    public async Task a_command_that_fails_before_commit_appends_nothing_and_logs_no_personal_data()
    {
        var classId = await Flaky.NewClass();
        service.Logs.Clear();
        const string name = "Zhang Duanxian";
        var idNumber = People.IdNumber(3);
        var cut = service.Proxy.FailWhenSent(name, FlakyProxy.Failure.Cut);

        var refused = await Unavailable(await Flaky.TryEnroll(classId, idNumber, name));
        cut.IsCompleted.Should().BeTrue();
        refused.GetProperty("detail").GetString().Should().Contain("not carried out");

        await Recovered();
        (await Api.Roster(classId)).Should().BeEmpty();
        service.Logs.Lines.Should().NotContain(line => line.Contains(name) || line.Contains(idNumber) || line.Contains(ResidentId.Mask(idNumber)));
        service.Logs.Lines.Should().NotContain(line => line.StartsWith("Error"));
    }

    [Fact]
    public async Task a_client_that_gives_up_on_health_is_not_an_error()
    {
        Fixture.Logs.Clear();
        using var gaveUp = new CancellationTokenSource();
        await gaveUp.CancelAsync();
        await Host.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/health";
            context.RequestAborted = gaveUp.Token; // the client has left by the time the database is asked
        });
        Fixture.Logs.Lines.Should().Contain(line => line.Contains("The client left before GET /health"));
        Fixture.Logs.Lines.Should().NotContain(line => line.StartsWith("Error") || line.StartsWith("Critical"));
    }
}
