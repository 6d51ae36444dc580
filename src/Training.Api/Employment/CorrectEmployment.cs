using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Catalogue;
using Training.Identity;
using Training.Web;
using Wolverine.Http;

namespace Training.Employment;

/// <summary>Each field given replaces the recorded one; a field left out keeps it.</summary>
[RequiresAny("status", "since", "employerName", "employerCreditCode", "note")]
public sealed record CorrectEmploymentRequest(
    [property: OneOf(typeof(EmploymentStatus), nameof(EmploymentStatus.All))] string? Status,
    DateOnly? Since,
    [property: Text(200)] string? EmployerName,
    [property: Matches(typeof(CreditCode), nameof(CreditCode.Shape))] string? EmployerCreditCode,
    [property: Text(500)] string? Note,
    [property: Text(500)] string? Reason);

public sealed record CorrectEmployment(
    string? Status, DateOnly? Since, string? EmployerName, string? EmployerCreditCode, string? Note, string? Reason);

/// <summary>
/// The outcome as corrected, whole. A new <paramref name="Since"/> moves the outcome to that day's year and month from the day
/// the correction was recorded on: an as-of answer before it still shows the old one.
/// </summary>
public sealed record EmploymentCorrected(
    Guid OutcomeId, Guid TraineeId, string Status, DateOnly Since, string? EmployerName, string? EmployerCreditCode, string? Note,
    string? Reason, DateOnly CorrectedOn);

public static class CorrectEmploymentEndpoint
{
    public static Checked<CorrectEmployment> Check(CorrectEmploymentRequest request, DateOnly today) =>
        new Validation()
            .Check(request is not { Status: null, Since: null, EmployerName: null, EmployerCreditCode: null, Note: null }, "body",
                "a correction gives at least one of status, since, employerName, employerCreditCode, note")
            .OneOf(request.Status, "status", EmploymentStatus.All, required: false)
            .Check(request.Since is null or { Year: >= 2000 }, "since", "since must be a date (yyyy-MM-dd) from 2000 on")
            .Check(request.Since is null || request.Since <= today, "since", "since must not be in the future")
            .Employer(request.EmployerName, request.EmployerCreditCode)
            .Text(request.Note, "note", 500, required: false)
            .Text(request.Reason, "reason", 500, required: false)
            .Then(() => new CorrectEmployment(request.Status, request.Since, RecordEmploymentEndpoint.Trimmed(request.EmployerName),
                CreditCode.Normalize(request.EmployerCreditCode), RecordEmploymentEndpoint.Trimmed(request.Note),
                RecordEmploymentEndpoint.Trimmed(request.Reason)));

    /// <summary>A correction that changes nothing appends nothing: a retried correction is not a second one.</summary>
    public static Decision Decide(EmploymentOutcome outcome, CorrectEmployment cmd, DateOnly today)
    {
        var since = cmd.Since ?? outcome.Since;
        if (since < outcome.ClassStartDate)
            return Refusal.Invalid("since", $"since must not be before the class started ({outcome.ClassStartDate:yyyy-MM-dd})");
        if (outcome.EndedOn is { } ended && since > ended)
            return Refusal.Invalid("since", $"since must not be after the outcome ended ({ended:yyyy-MM-dd})");
        var corrected = new EmploymentCorrected(outcome.Id, outcome.TraineeId, cmd.Status ?? outcome.Status, since,
            cmd.EmployerName ?? outcome.EmployerName, cmd.EmployerCreditCode ?? outcome.EmployerCreditCode, cmd.Note ?? outcome.Note,
            cmd.Reason, today);
        var same = corrected.Status == outcome.Status && corrected.Since == outcome.Since && corrected.EmployerName == outcome.EmployerName
                   && corrected.EmployerCreditCode == outcome.EmployerCreditCode && corrected.Note == outcome.Note;
        return same ? Decision.Accept() : Decision.Accept(corrected);
    }

    [WolverinePost("/api/trainees/{traineeId}/employment/{outcomeId}/correct"), Audited, Idempotent]
    [EndpointSummary("Correct an employment outcome (its date, status or employer)")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid traineeId, Guid outcomeId, CorrectEmploymentRequest request, IDocumentSession session,
        ProgrammeCatalogue catalogue, TimeProvider clock, ClaimsPrincipal user) =>
        Command.Run(request, r => Check(r, clock.Today()),
            cmd => EmploymentOutcomes.Decide(session, traineeId, outcomeId, Caller.From(user), catalogue, o => Decide(o, cmd, clock.Today())),
            _ => Results.NoContent());
}
