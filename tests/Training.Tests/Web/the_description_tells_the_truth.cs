using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Training.Tests.Support;
using Training.Web;

namespace Training.Tests.Web;

/// <summary>
/// /openapi/v1.json against what the service does. Every answer any integration test receives is checked against it as the
/// test ends (<see cref="IntegrationContext"/>, <see cref="DescriptionCheck"/>); these tests show that check can fail, and probe
/// each request field's declared rules against the service's checks.
/// </summary>
public class the_description_tells_the_truth(TrainingHost fixture) : IntegrationContext(fixture)
{
    static Answer Json(string method, string path, string route, int status, string body, string type = "application/json") =>
        new(method, path, route, status, type, Encoding.UTF8.GetBytes(body), new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Retry-After" });

    [Fact]
    public async Task the_check_refuses_an_answer_the_description_does_not_describe()
    {
        var check = await Fixture.Description();
        const string route = "/api/classes/{id}";
        var path = $"/api/classes/{Guid.NewGuid()}";
        var problem = """{"title":"Not found","status":404,"detail":"no class","field":"id"}""";

        check.Problems(Json("GET", path, route, 404, problem, "application/problem+json")).Should().BeEmpty("that answer is described");
        check.Problems(Json("GET", path, route, 418, problem, "application/problem+json")).Should().ContainSingle()
            .Which.Should().Contain("not 418");
        check.Problems(Json("GET", path, route, 404, problem)).Should().ContainSingle("a problem is application/problem+json")
            .Which.Should().Contain("application/json");
        check.Problems(Json("GET", path, route, 404, """{"title":"Not found","status":404,"detail":"no class"}""", "application/problem+json"))
            .Should().ContainSingle("a 404 names its field").Which.Should().Contain("field");
        check.Problems(Json("GET", path, route, 200, """{"id":"not an id"}""")).Should().NotBeEmpty("a class has all its fields, an id a GUID");
        check.Problems(Json("GET", "/api/nowhere", "/api/nowhere", 200, "{}")).Should().ContainSingle().Which.Should().Contain("not in the description");
        check.Problems(new Answer("GET", "/api/classes/x", route, 503, "application/problem+json",
                Encoding.UTF8.GetBytes("""{"title":"Database unreachable","status":503,"detail":"down"}"""), new HashSet<string>()))
            .Should().ContainSingle("a 503 says when to come back").Which.Should().Contain("Retry-After");
    }

    [Fact]
    public async Task every_answer_of_a_test_is_recorded_for_the_check()
    {
        var classId = await Api.NewClass();
        Fixture.Answers.Take(); // what building the class answered
        await Api.Send(HttpMethod.Get, $"/api/classes/{classId}");
        await Api.Send(HttpMethod.Get, "/api/classes/not-a-guid");

        var answers = Fixture.Answers.Take();
        answers.Select(a => (a.Route, a.Status)).Should().Equal(("/api/classes/{id}", 200), ("/api/classes/{id}", 404));
        var check = await Fixture.Description();
        answers.SelectMany(check.Problems).Should().BeEmpty();
    }

    [Fact]
    public async Task a_request_field_is_required_only_when_the_service_requires_it_and_says_what_it_must_hold()
    {
        var document = JsonNode.Parse(await (await Api.As(null).Send(HttpMethod.Get, "/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var enroll = document["components"]!["schemas"]!["EnrollTraineeRequest"]!;
        enroll["required"]!.AsArray().Select(n => (string)n!).Should().BeEquivalentTo("idNumber", "name");
        enroll["properties"]!["idNumber"]!["type"]!.GetValue<string>().Should().Be("string", "a required field is never null");
        enroll["properties"]!["phone"]!["type"]!.AsArray().Select(n => (string)n!).Should().BeEquivalentTo("null", "string");
        enroll["properties"]!["name"]!["maxLength"]!.GetValue<int>().Should().Be(50);
        enroll["properties"]!["groups"]!["items"]!["enum"]!.AsArray().Select(n => (string)n!).Should().Equal(Training.Enrollments.EnrollTraineeEndpoint.Groups);

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!;
        problem["properties"]!.AsObject().Select(p => p.Key).Should().Contain(["field", "id", "outcome"]);
        problem["required"]!.AsArray().Select(n => (string)n!).Should().Contain("field");

        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                if ((string)parameter!["in"]! == "path") parameter["example"].Should().NotBeNull($"{method} {path} gives an example {parameter["name"]}");
            if (operation["requestBody"]?["content"]?["application/json"] is { } json)
                json["example"].Should().NotBeNull($"{method} {path} gives an example body");
            if (operation["responses"]!["503"] is { } unavailable)
                unavailable["headers"]?["Retry-After"].Should().NotBeNull($"{method} {path} says when to come back");
        }
    }

    /// <summary>
    /// Each rule the description states for a request field, tried on the service: the example body is valid, and breaking one
    /// declared rule of one field (leaving a required field out, one character too many, a code not listed, a number out of range,
    /// text that does not match the pattern) is a 400 naming that field. A rule the description states and the service does not
    /// enforce, or the other way round, fails here.
    /// </summary>
    [Fact]
    public async Task each_declared_rule_of_a_request_field_is_one_the_service_enforces()
    {
        var document = JsonNode.Parse(await (await Api.As(null).Send(HttpMethod.Get, "/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var schemas = document["components"]!["schemas"]!;
        var tried = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if (operation!["requestBody"]?["content"]?["application/json"] is not { } json) continue;
            var schema = schemas[((string)json["schema"]!["$ref"]!).Split('/')[^1]]!;
            var example = json["example"]!.AsObject();
            var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}", m => ApiExamples.PathValues[m.Groups[1].Value]);
            // The example itself passes every check (it may still name a class this test never made: 404).
            var answer = await Api.Send(new HttpMethod(method.ToUpperInvariant()), url, example.ToJsonString());
            answer.StatusCode.Should().NotBe(HttpStatusCode.BadRequest, $"{method} {path}'s example is valid: {await answer.Content.ReadAsStringAsync()}");
            foreach (var (field, rules) in schema["properties"]!.AsObject())
            foreach (var (broken, why) in Breaking(field, rules!, schema, example))
            {
                var response = await Api.Send(new HttpMethod(method.ToUpperInvariant()), url, broken.ToJsonString());
                var body = await response.Content.ReadAsStringAsync();
                response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{method} {path} with {why} breaks a declared rule: {body}");
                JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name)
                    .Should().Contain(field, $"{method} {path} with {why} should name {field}");
                tried++;
            }
        }
        tried.Should().BeGreaterThan(40, "every request's rules are tried");
    }

    static IEnumerable<(JsonObject Body, string Why)> Breaking(string field, JsonNode rules, JsonNode schema, JsonObject example)
    {
        JsonObject With(JsonNode? value)
        {
            var body = example.DeepClone().AsObject();
            body[field] = value;
            return body;
        }

        if (schema["required"]?.AsArray().Any(r => (string)r! == field) == true)
        {
            var body = example.DeepClone().AsObject();
            body.Remove(field);
            yield return (body, $"{field} left out");
        }
        if (rules["maxLength"] is { } max) yield return (With(new string('字', max.GetValue<int>() + 1)), $"{field} one character too long");
        if (rules["minLength"] is not null) yield return (With("   "), $"{field} blank");
        if (rules["enum"] is not null) yield return (With("no-such-code"), $"{field} not a listed code");
        if (rules["items"]?["enum"] is not null) yield return (With(new JsonArray("no-such-code")), $"{field} holding a code not listed");
        if (rules["maximum"] is { } maximum) yield return (With(long.Parse(maximum.ToJsonString().Trim('"')) + 1), $"{field} above its maximum");
        if (rules["minimum"] is { } minimum) yield return (With(long.Parse(minimum.ToJsonString().Trim('"')) - 1), $"{field} below its minimum");
        if (rules["pattern"] is { } pattern && (string)pattern! != @"\S") yield return (With("x"), $"{field} not matching {pattern}");
    }

    [Fact]
    public async Task the_example_path_values_are_ones_the_service_reads()
    {
        var document = JsonNode.Parse(await (await Api.As(null).Send(HttpMethod.Get, "/openapi/v1.json")).Content.ReadAsStringAsync())!;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is null || !path.Contains('{')) continue;
            var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}", m => ApiExamples.PathValues[m.Groups[1].Value]);
            var answer = await Api.Send(HttpMethod.Get, url);
            ((int)answer.StatusCode).Should().BeOneOf([200, 403, 404], $"GET {url} reads its example values (403: identity needs the pii scope): {await answer.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task a_path_value_that_is_not_an_id_is_a_404_naming_it()
    {
        var response = await Api.Send(HttpMethod.Get, "/api/classes/not-a-guid");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "id");
    }
}
