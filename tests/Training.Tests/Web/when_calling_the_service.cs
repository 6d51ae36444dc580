using System.Net;
using System.Text.Json;
using Training.Tests.Support;

namespace Training.Tests.Web;

public class when_calling_the_service(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task health_is_up_with_its_database()
    {
        var response = await Api.Send(HttpMethod.Get, "/health");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"database\":\"up\"");
    }

    [Fact]
    public async Task the_programme_catalogue_lists_the_three_programmes_and_the_housekeeping_tracks()
    {
        using var json = JsonDocument.Parse(await (await Api.Send(HttpMethod.Get, "/api/programmes")).Content.ReadAsStringAsync());
        var programmes = json.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("code").GetString()!);
        programmes.Keys.Should().Contain(["yuecai", "jiazheng", "jigong"]);
        programmes["jiazheng"].GetProperty("name").GetString().Should().Be("南粤家政");
        programmes["jiazheng"].GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("code").GetString())
            .Should().Equal("muying", "jujia", "yanglao", "yihu");
    }

    [Theory]
    [InlineData("{\"title\": ", "title")]
    [InlineData("{\"capacity\": \"many\"}", "capacity")]
    [InlineData("{\"startDate\": \"2026-13-01\"}", "startDate")]
    [InlineData("", "body")]
    public async Task malformed_json_is_refused_naming_the_field(string body, string field) =>
        await (await Api.Send(HttpMethod.Post, "/api/classes", body)).ShouldBeProblem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task a_body_that_is_not_json_gets_a_problem_answer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/classes") { Content = new StringContent("x") };
        var response = await Api.Client().SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task dates_are_calendar_dates_and_names_are_camel_case()
    {
        var classId = await Api.NewClass(startDate: "2026-03-01");
        var raw = await (await Api.Send(HttpMethod.Get, $"/api/classes/{classId}")).Content.ReadAsStringAsync();
        raw.Should().Contain("\"startDate\":\"2026-03-01\"").And.Contain("\"institutionId\":");
    }
}
