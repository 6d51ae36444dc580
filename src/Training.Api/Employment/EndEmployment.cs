using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Catalogue;
using Training.Web;
using Wolverine.Http;

namespace Training.Employment;

public sealed record EndEmploymentRequest([property: Required] DateOnly? EndedOn, [property: Text(500)] string? Reason);

public sealed record EndEmployment(DateOnly EndedOn, string? Reason);

/// <summary>The job ended. The outcome still counts (the person was brought into work); the person may get a new one.</summary>
public sealed record EmploymentEnded(Guid OutcomeId, Guid TraineeId, DateOnly EndedOn, string? Reason, DateOnly RecordedOn);

public static class EndEmploymentEndpoint
{
    public static Checked<EndEmployment> Check(EndEmploymentRequest request, DateOnly today) =>
        new Validation()
            .Check(request.EndedOn is { Year: >= 2000 }, "endedOn", "endedOn is required, the date (yyyy-MM-dd) the work ended")
            .Check(request.EndedOn is null || request.EndedOn <= today, "endedOn", "endedOn must not be in the future")
            .Text(request.Reason, "reason", 500, required: false)
            .Then(() => new EndEmployment(request.EndedOn!.Value, RecordEmploymentEndpoint.Trimmed(request.Reason)));

    public static Decision Decide(EmploymentOutcome outcome, EndEmployment cmd, DateOnly today)
    {
        if (outcome.EndedOn is { } ended) return Refusal.Conflict("outcomeId", $"outcome {outcome.Id} already ended on {ended:yyyy-MM-dd}");
        if (cmd.EndedOn < outcome.Since)
            return Refusal.Invalid("endedOn", $"endedOn must not be before the work began ({outcome.Since:yyyy-MM-dd})");
        return Decision.Accept(new EmploymentEnded(outcome.Id, outcome.TraineeId, cmd.EndedOn, cmd.Reason, today));
    }

    [WolverinePost("/api/trainees/{traineeId}/employment/{outcomeId}/end"), Audited, Idempotent, EndpointSummary("Record that the work ended")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid traineeId, Guid outcomeId, EndEmploymentRequest request, IDocumentSession session,
        ProgrammeCatalogue catalogue, TimeProvider clock, ClaimsPrincipal user) =>
        Command.Run(request, r => Check(r, clock.Today()),
            cmd => EmploymentOutcomes.Decide(session, traineeId, outcomeId, Caller.From(user), catalogue, o => Decide(o, cmd, clock.Today())),
            _ => Results.NoContent());
}
