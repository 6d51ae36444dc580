using System.Net;
using System.Text.Json;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_reading_the_api_description(TrainingHost fixture) : IntegrationContext(fixture)
{
    Api Anyone => Api.As(null);

    [Fact]
    public async Task the_api_describes_every_endpoint_with_the_shapes_it_takes_and_answers()
    {
        var response = await Anyone.Send(HttpMethod.Get, "/openapi/v1.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the description is open to anyone");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");

        paths.EnumerateObject().Select(p => p.Name).Should().Contain([
            "/api/progress/{regionCode}/{year}", "/api/progress/{regionCode}/period/{period}", "/api/progress/{regionCode}/{year}/{programme}",
            "/api/targets", "/api/targets/{regionCode}/{programme}/{period}", "/api/classes/{id}/enrollments", "/health"]);
        text.Should().NotContain("IResult", "an endpoint's answer is described by its shape, not by ASP.NET's result type");
        foreach (var path in paths.EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
            var success = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            success.Should().NotBeEmpty($"{name} should say what it answers");
            foreach (var answer in success.Where(r => r.Name != "204"))
                answer.Value.TryGetProperty("content", out var content).Should().BeTrue($"{name} should describe its {answer.Name} body");
            if (operation.Name is "post" or "put")
                operation.Value.TryGetProperty("requestBody", out _).Should().BeTrue($"{name} should describe its request body");
            var statuses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            if (path.Name.StartsWith("/api/") && path.Name != "/api/programmes")
                statuses.Should().Contain(["401", "503"], $"{name} needs a token and the database");
            if (operation.Name is "post" or "put") statuses.Should().Contain(["413", "415"], $"{name} reads a body");
            if (operation.Name is "post")
            {
                operation.Value.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
                    .Should().Contain("Idempotency-Key", $"{name} takes an Idempotency-Key");
                operation.Value.GetProperty("responses").TryGetProperty("422", out _).Should().BeTrue($"{name} answers 422 for a reused key");
            }
        }

        var period = paths.GetProperty("/api/progress/{regionCode}/period/{period}").GetProperty("get");
        period.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should()
            .Equal("regionCode", "period", "asOf", "format");
        period.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Should()
            .Equal("application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("PeriodProgress")
            .GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["fromYear", "toYear", "asOf", "programmes", "all"]);
    }

    [Fact]
    public async Task a_browsable_page_shows_it_with_nothing_loaded_from_elsewhere()
    {
        var redirect = await Anyone.Send(HttpMethod.Get, "/docs");
        ((int)redirect.StatusCode).Should().BeOneOf(301, 302);
        redirect.Headers.Location!.ToString().Should().EndWith("docs/");

        var page = await Anyone.Send(HttpMethod.Get, "/docs/");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("openapi/v1.json").And.NotContain("https://", "a bureau's network may reach nothing outside");

        var script = await Anyone.Send(HttpMethod.Get, "/docs/scalar.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK, "the page's script is served by the service itself");
    }
}
