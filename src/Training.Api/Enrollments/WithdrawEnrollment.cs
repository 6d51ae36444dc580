using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Classes;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record WithdrawEnrollment(string? Reason);

public sealed record EnrollmentWithdrawn(Guid ClassId, Guid EnrollmentId, string? Reason, DateOnly WithdrawnOn);

public static class WithdrawEnrollmentEndpoint
{
    public static Validation Check(WithdrawEnrollment cmd) => new Validation().Text(cmd.Reason, "reason", 500, required: false);

    public static Decision Decide(TrainingClass cls, Guid enrollmentId, WithdrawEnrollment cmd, DateOnly today) =>
        cls.Enrollment(enrollmentId) switch
        {
            null => Refusal.NotFound("enrollmentId", $"no enrollment {enrollmentId} in class {cls.Id}"),
            { Status: not EnrollmentStatus.Active } seat =>
                Refusal.Conflict("enrollmentId", $"enrollment {enrollmentId} is {seat.Status}, not active"),
            _ => Decision.Accept(new EnrollmentWithdrawn(cls.Id, enrollmentId, cmd.Reason?.Trim(), today))
        };

    [WolverinePost("/api/classes/{id}/enrollments/{enrollmentId}/withdraw")]
    public static async Task<IResult> Post(Guid id, Guid enrollmentId, WithdrawEnrollment cmd, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user)
    {
        var validation = Check(cmd);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var refusal = await session.Decide(id, Caller.From(user), cls => Decide(cls, enrollmentId, cmd, clock.Today()));
        return refusal is null ? Results.NoContent() : Problems.From(refusal);
    }
}
