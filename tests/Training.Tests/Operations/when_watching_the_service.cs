using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Training.Tests.Support;

namespace Training.Tests.Operations;

/// <summary>What a balancer, an orchestrator and Prometheus read: the probes, <c>/metrics</c> and the request log.</summary>
public class when_watching_the_service(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task live_and_ready_answer_without_a_token()
    {
        var anonymous = Api.As(null);
        (await anonymous.Send(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await anonymous.Send(HttpMethod.Get, "/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Contain("\"database\":\"up\"").And.Contain("\"projectionLag\":{");
    }

    [Fact]
    public async Task metrics_carry_request_durations_by_route_enrollments_refusals_and_projection_lag()
    {
        var classId = await Api.NewClass();
        await Api.Enroll(classId, People.IdNumber(1));
        (await Api.TryEnroll(classId, People.IdNumber(1))).StatusCode.Should().Be(HttpStatusCode.Conflict);

        // The exporter caches a scrape briefly: read until the figures of the requests above are in. The route label
        // holds braces ({id}), so the label set is matched up to the end of its line, not up to the first '}'.
        var text = await ScrapeUntil(t => Regex.IsMatch(t,
            "(?m)^training_commands_refused_total\\{.*http_route=\"/api/classes/\\{id\\}/enrollments\".*reason=\"conflict\"\\} [1-9]"));

        text.Should().MatchRegex("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/api/classes/\\{id\\}/enrollments\"");
        text.Should().MatchRegex("http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=\"409\"");
        text.Should().MatchRegex("(?m)^training_enrollments_recorded_total\\{[^}]*\\} [1-9]");
        text.Should().MatchRegex("training_projection_lag\\{[^}]*projection=\"[^\"]+\"\\} \\d+");
        text.Should().MatchRegex("db_client_connections_usage\\{[^}]*pool_name=\"training\"");
    }

    [Fact]
    public async Task each_request_is_one_log_line_with_route_status_correlation_and_caller_but_no_personal_data()
    {
        var classId = await Api.NewClass();
        Fixture.Logs.Clear();
        var idNumber = People.IdNumber(7);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/classes/{classId}/enrollments")
        {
            Content = JsonContent.Create(new { idNumber, name = "王小明", phone = "13800138000" })
        };
        request.Headers.Add("X-Correlation-Id", "watch-1");
        (await Api.Client().SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Created);

        var lines = Fixture.Logs.Lines.Where(l => l.Contains("Training.Operations.RequestLog")).ToList();
        lines.Should().ContainSingle(l => l.Contains("watch-1"))
            .Which.Should().Contain("POST /api/classes/{id}/enrollments answered 201")
            .And.Contain("caller test-admin").And.MatchRegex("trace [0-9a-f]{32} span [0-9a-f]{16}");
        Fixture.Logs.Lines.Should().NotContain(l => l.Contains(idNumber) || l.Contains("13800138000") || l.Contains("王小明"));
    }

    Task<string> ScrapeUntil(Func<string, bool> done) => Poll.Until(async () =>
    {
        var response = await Api.As(null).Send(HttpMethod.Get, "/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }, done, TimeSpan.FromSeconds(10), "the metric should be exported within seconds of the request it counts", everyMs: 100);
}
