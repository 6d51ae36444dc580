using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Classes;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record WithdrawEnrollmentRequest([property: Text(500)] string? Reason);

public sealed record WithdrawEnrollment(string? Reason);

public sealed record EnrollmentWithdrawn(Guid ClassId, Guid EnrollmentId, string? Reason, DateOnly WithdrawnOn);

public static class WithdrawEnrollmentEndpoint
{
    public static Checked<WithdrawEnrollment> Check(WithdrawEnrollmentRequest request) =>
        new Validation().Text(request.Reason, "reason", 500, required: false).Then(() => new WithdrawEnrollment(request.Reason?.Trim()));

    public static Decision Decide(ClassSeats cls, Guid enrollmentId, WithdrawEnrollment cmd, DateOnly today) =>
        cls.Enrollment(enrollmentId) switch
        {
            null => Refusal.NotFound("enrollmentId", $"no enrollment {enrollmentId} in class {cls.Id}"),
            { Status: not EnrollmentStatus.Active } seat =>
                Refusal.Conflict("enrollmentId", $"enrollment {enrollmentId} is {seat.Status}, not active"),
            _ => Decision.Accept(new EnrollmentWithdrawn(cls.Id, enrollmentId, cmd.Reason, today))
        };

    [WolverinePost("/api/classes/{id}/enrollments/{enrollmentId}/withdraw"), Audited, Idempotent, EndpointSummary("Withdraw an enrollment")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid id, Guid enrollmentId, WithdrawEnrollmentRequest request, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user) =>
        Command.Run(request, Check,
            cmd => session.Decide(id, Caller.From(user), cls => Decide(cls, enrollmentId, cmd, clock.Today()), enrollmentId: enrollmentId),
            _ => Results.NoContent());
}
