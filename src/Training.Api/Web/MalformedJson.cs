using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Training.Web;

/// <summary>
/// Wolverine answers an unreadable body with 400 itself and names the JSON path only inside its detail
/// text; this adds the field in the same shape every other 400 here uses (errors: {field: [...]}).
/// </summary>
public static partial class MalformedJson
{
    [GeneratedRegex(@"Path: \$\.?(?<path>[^ |]*)")]
    private static partial Regex JsonPath();

    public static void NameTheField(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Detail is null) return;
        if (JsonPath().Match(problem.Detail) is not { Success: true } match) return;

        var field = match.Groups["path"].Value is { Length: > 0 } path ? path : "body";
        problem.Title = "The request is invalid";
        // The serializer's own text names our internal types: say it in the client's terms instead.
        problem.Detail = $"The body is not well-formed JSON of the expected shape at $.{field}.";
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [$"{field} could not be read: the body must be well-formed JSON with values of the right type"]
        };
    }
}
