using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Training.Web;

/// <summary>
/// Beside an endpoint, one refusal it may answer: application/problem+json, with the rules broken (400) or the field (403, 404, 409).
/// Its successful answer is a plain [ProducesResponseType].
/// </summary>
public sealed class RefusesAttribute(int status) : ProducesResponseTypeAttribute(
    status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), status, "application/problem+json");
