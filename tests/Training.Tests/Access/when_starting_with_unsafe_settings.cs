using System.Net;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Training.Access;
using Training.Tests.Support;

namespace Training.Tests.Access;

/// <summary>A deployment that would be unsafe, or could not sign anyone in, does not start; the message names the setting.</summary>
public class when_starting_with_unsafe_settings
{
    static async Task<string> Refused(string environment, params (string Key, string? Value)[] settings)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var start = () => AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("ConnectionStrings:Training", "Host=127.0.0.1;Port=1;Database=none");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        var refused = await start.Should().ThrowAsync<Exception>();
        return string.Join(" | ", refused.Subject.SelectMany(e => new[] { e.Message, e.InnerException?.Message }));
    }

    [Fact]
    public void the_published_values_are_those_the_repository_carries()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")).Build();
        SafeDefaults.Published.Should().BeEquivalentTo(development["Training:TraineeIdSecret"], development["Auth:SigningKey"]);
    }

    [Fact]
    public async Task production_refuses_the_development_trainee_id_secret() =>
        (await Refused("Production", ("Training:TraineeIdSecret", SafeDefaults.Published[0]), ("Auth:SigningKey", TrainingHost.SigningKey)))
            .Should().Contain("Training:TraineeIdSecret").And.Contain("development");

    [Fact]
    public async Task production_refuses_to_start_without_a_trainee_id_secret() =>
        (await Refused("Production", ("Auth:SigningKey", TrainingHost.SigningKey))).Should().Contain("Training:TraineeIdSecret");

    [Fact]
    public async Task production_refuses_the_development_signing_key() =>
        (await Refused("Production", ("Training:TraineeIdSecret", "a-secret-of-this-deployment"), ("Auth:SigningKey", SafeDefaults.Published[1])))
            .Should().Contain("Auth:SigningKey").And.Contain("Auth:Authority");

    [Fact]
    public async Task production_refuses_to_start_with_neither_an_authority_nor_a_signing_key() =>
        (await Refused("Production", ("Training:TraineeIdSecret", "a-secret-of-this-deployment"))).Should().Contain("Auth:Authority");

    [Fact]
    public async Task an_authority_on_plain_http_stops_the_service_naming_the_setting_that_allows_it() =>
        (await Refused("Development", ("Auth:Authority", "http://127.0.0.1:15539/realms/hrss"), ("Training:TraineeIdSecret", "test-secret")))
            .Should().Contain("Auth:RequireHttpsMetadata=false");
}

[Collection(IntegrationCollection.Name)]
public class when_the_sign_in_provider_cannot_be_reached
{
    [Fact]
    public async Task health_still_answers_even_to_a_request_that_carries_a_token()
    {
        JasperFxEnvironment.AutoStartHost = true;
        await using var host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Training", Environment.GetEnvironmentVariable("ConnectionStrings__Training"));
            web.UseSetting("Training:TraineeIdSecret", "test-secret");
            web.UseSetting("Training:Durability", "MediatorOnly");
            web.UseSetting("Auth:Authority", "https://127.0.0.1:15539/realms/nobody-listens");
        });
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "a.token.that-would-need-the-issuers-keys");
        var response = await client.GetAsync("/health");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
