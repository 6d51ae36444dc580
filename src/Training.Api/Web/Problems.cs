using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Training.Identity;
using Wolverine.Http;

namespace Training.Web;

/// <summary>Every refusal leaves as application/problem+json naming the field and the rule it broke.</summary>
public static partial class Problems
{
    public static IResult From(Refusal refusal) => refusal.Status == StatusCodes.Status400BadRequest
        ? Invalid(new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] })
        : Results.Problem(
            statusCode: refusal.Status,
            title: refusal.Status switch
            {
                StatusCodes.Status403Forbidden => "Forbidden",
                StatusCodes.Status404NotFound => "Not found",
                _ => "Conflict with the current state"
            },
            detail: refusal.Message,
            extensions: refusal.Id is null
                ? new Dictionary<string, object?> { ["field"] = refusal.Field }
                : new Dictionary<string, object?> { ["field"] = refusal.Field, ["id"] = refusal.Id });

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value),
        title: "The request is invalid",
        detail: string.Join("; ", errors.SelectMany(e => e.Value)));

    public static IResult Invalid(Validation validation) => Invalid(validation.Errors);

    public static IResult NotFound(string field, string message) => From(Refusal.NotFound(field, message));

    /// <summary>
    /// Every problem body passes here (ASP.NET Core's problem details service). Answers the framework writes without
    /// our words (a path value that is not an id, an unknown path, no token, a body that is not JSON) get a
    /// detail and the field too; and no answer echoes a run of digits that could be a full ID number.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is null && problem.Status is >= 400 and < 500)
        {
            var (field, detail) = Explain(context.HttpContext, problem.Status.Value);
            problem.Detail = detail;
            problem.Extensions.TryAdd("field", field);
        }
        problem.Detail = Scrub(problem.Detail);
        if (problem is HttpValidationProblemDetails invalid)
            foreach (var (field, messages) in invalid.Errors) invalid.Errors[field] = messages.Select(m => Scrub(m)!).ToArray();
    }

    static (string Field, string Detail) Explain(HttpContext http, int status) => status switch
    {
        StatusCodes.Status404NotFound => UnreadablePathValue(http) ?? ("path", http.GetEndpoint() is null
            ? "there is no such path; /openapi/v1.json lists the API"
            : "nothing is found at this path"),
        StatusCodes.Status405MethodNotAllowed => ("method",
            $"{http.Request.Method} is not taken by this path; it takes {http.Response.Headers.Allow}"),
        StatusCodes.Status401Unauthorized => ("authorization", "a valid bearer token is required (Authorization: Bearer ...)"),
        StatusCodes.Status403Forbidden => ("authorization", "this caller's role, institution or region does not allow this request"),
        StatusCodes.Status415UnsupportedMediaType => ("Content-Type", "the body must be JSON, sent with Content-Type: application/json"),
        StatusCodes.Status406NotAcceptable => ("Accept", "answers are JSON: accept application/json"),
        _ => ("request", "the request cannot be carried out as sent")
    };

    /// <summary>Wolverine answers a bare 404 when a path value does not read as its type (an id that is not a GUID).</summary>
    static (string, string)? UnreadablePathValue(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain) return null;
        foreach (var parameter in chain.Method.Method.GetParameters())
        {
            if (parameter.Name is not { } name || http.GetRouteValue(name) is not string value) continue;
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type == typeof(Guid) && !Guid.TryParse(value, out _)) return (name, $"{name} must be an id (a GUID), so nothing is found at this path");
            if (type == typeof(int) && !int.TryParse(value, out _)) return (name, $"{name} must be a whole number, so nothing is found at this path");
        }
        return null;
    }

    // Eighteen characters (the last may be X) or fifteen digits (the first generation), standing alone.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")]
    private static partial Regex IdNumberLike();

    /// <summary>Masks whatever could be a full resident ID number, valid or mistyped.</summary>
    public static string? Scrub(string? text) => text is null ? null : IdNumberLike().Replace(text, m => ResidentId.Mask(m.Value));
}
