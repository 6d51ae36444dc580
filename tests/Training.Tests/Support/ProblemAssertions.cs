using System.Net;
using System.Text.Json;

namespace Training.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>The answer is application/problem+json with <paramref name="status"/>, and names <paramref name="field"/>.</summary>
    public static async Task ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var named = root.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _)
                    || root.TryGetProperty("field", out var f) && f.GetString() == field;
        named.Should().BeTrue($"the problem should name the field '{field}': {body}");
    }
}
