using Microsoft.AspNetCore.Http;

namespace Training.Web;

/// <summary>Every refusal leaves as application/problem+json naming the field and the rule it broke.</summary>
public static class Problems
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
            extensions: new Dictionary<string, object?> { ["field"] = refusal.Field });

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value),
        title: "The request is invalid",
        detail: string.Join("; ", errors.SelectMany(e => e.Value)));

    public static IResult Invalid(Validation validation) => Invalid(validation.Errors);

    public static IResult NotFound(string field, string message) => From(Refusal.NotFound(field, message));
}
