using Microsoft.AspNetCore.Authorization;
using Training.Access;
using Training.Tests.Support;
using Wolverine.Http;

namespace Training.Tests.Access;

/// <summary>
/// The rules an endpoint obeys are written on the endpoint. These fail when a new endpoint forgets one of them.
/// </summary>
public class every_endpoint_shows_its_rules(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public void every_endpoint_that_may_append_is_audited()
    {
        Routes.Api(Host).Should().OnlyContain(r => r.Metadata.GetMetadata<HttpChain>() != null, "each is a Wolverine endpoint, whose method is known");
        // Appending needs a session; any method but GET is meant to change something (ops/bench's fixed answer keeps it in memory).
        var writers = Routes.Of(Host).Where(r => TakesASession(r) || r.Method != "GET" && !r.Path.StartsWith("/bench/")).ToList();
        writers.Should().Contain(r => r.Method == "GET", "reading a full ID number appends its disclosure");
        writers.Where(r => r.Metadata.GetMetadata<AuditedAttribute>() is null).Select(r => r.ToString())
            .Should().BeEmpty("an endpoint that appends records who did it: mark it [Audited]");
    }

    [Fact]
    public void every_post_command_takes_an_idempotency_key()
    {
        var commands = Routes.Of(Host).Where(r => r.Method == "POST" && r.Metadata.GetMetadata<AuditedAttribute>() is not null).ToList();
        commands.Should().NotBeEmpty();
        commands.Where(r => r.Metadata.GetMetadata<Training.Web.IdempotentAttribute>() is null).Select(r => r.ToString())
            .Should().BeEmpty("a POST command replays its first answer under an Idempotency-Key: mark it [Idempotent]");
    }

    [Fact]
    public void every_endpoint_whose_route_names_a_region_checks_the_callers_oversight()
    {
        var regional = Routes.Of(Host).Where(r => r.Path.Contains("{regionCode}")).ToList();
        regional.Should().NotBeEmpty();
        regional.Where(r => !r.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Authentication.RegionOversight))
            .Select(r => r.ToString()).Should().BeEmpty("a route naming a region answers only over that region: mark it [RegionOversight]");
    }

    static bool TakesASession(Routes.Route route) =>
        route.Metadata.GetMetadata<HttpChain>()?.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(Marten.IDocumentSession)) == true;
}
