using System.Net;
using System.Text.Json;
using Training.Tests.Support;

namespace Training.Tests.Web;

/// <summary>Every 4xx, whoever writes it (an endpoint, routing, sign-in, body reading), says why and names the field.</summary>
public class every_refusal_carries_a_problem_body(TrainingHost fixture) : IntegrationContext(fixture)
{
    static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        await response.ShouldBeProblem(status, field);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    [Theory]
    [InlineData("/api/classes/not-a-guid", "id")]
    [InlineData("/api/classes/not-a-guid/enrollments", "id")]
    [InlineData("/api/institutions/zzz", "id")]
    [InlineData("/api/trainees/441625199001010011", "traineeId")]
    [InlineData("/api/progress/441600/this-year", "year")]
    [InlineData("/api/nowhere", "path")]
    public async Task a_path_that_leads_nowhere_is_a_404_naming_the_part(string path, string field)
    {
        var problem = await Problem(await Api.Send(HttpMethod.Get, path), HttpStatusCode.NotFound, field);
        problem.GetRawText().Should().NotContain("441625199001010011", "a full ID number is never echoed");
    }

    [Fact]
    public async Task a_command_on_an_id_that_is_not_one_is_a_404_naming_it() =>
        await Problem(await Api.Send(HttpMethod.Post, "/api/classes/not-a-guid/cancel", new { reason = "x" }), HttpStatusCode.NotFound, "id");

    [Fact]
    public async Task a_method_the_path_does_not_take_is_a_405_naming_the_method() =>
        await Problem(await Api.Send(HttpMethod.Delete, $"/api/classes/{Guid.NewGuid()}"), HttpStatusCode.MethodNotAllowed, "method");

    [Fact]
    public async Task no_token_is_a_401_naming_the_authorization() =>
        await Problem(await Api.As(null).Send(HttpMethod.Get, $"/api/classes/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized, "authorization");

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_naming_the_content_type()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/classes") { Content = new StringContent("x") };
        await Problem(await Api.Client().SendAsync(request), HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    [Fact]
    public async Task a_refusal_never_echoes_what_could_be_a_full_id_number()
    {
        var response = await Api.Send(HttpMethod.Get, "/api/targets?regionCode=441625199001010011");
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().BeInRange(400, 499);
        body.Should().NotContain("441625199001010011").And.Contain("441625********0011");
    }
}
