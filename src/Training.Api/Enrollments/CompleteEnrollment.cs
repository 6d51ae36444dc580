using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Classes;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record CompleteEnrollment(DateOnly? CompletedOn, bool? Passed);

/// <summary>结业 recorded. Only a passed completion counts in the "completed" figures.</summary>
public sealed record EnrollmentCompleted(Guid ClassId, Guid EnrollmentId, DateOnly CompletedOn, bool Passed);

public static class CompleteEnrollmentEndpoint
{
    public static Validation Check(CompleteEnrollment cmd) => new Validation()
        .Check(cmd.CompletedOn is not null, "completedOn", "completedOn is required, a date (yyyy-MM-dd)")
        .Check(cmd.Passed is not null, "passed", "passed is required, true or false");

    public static Decision Decide(TrainingClass cls, Guid enrollmentId, CompleteEnrollment cmd, DateOnly today)
    {
        var completedOn = cmd.CompletedOn!.Value;
        return cls.Enrollment(enrollmentId) switch
        {
            null => Refusal.NotFound("enrollmentId", $"no enrollment {enrollmentId} in class {cls.Id}"),
            { Status: not EnrollmentStatus.Active } seat =>
                Refusal.Conflict("enrollmentId", $"enrollment {enrollmentId} is {seat.Status}, not active"),
            _ when completedOn < cls.StartDate =>
                Refusal.Invalid("completedOn", $"completedOn must not be before the class's start date {cls.StartDate:yyyy-MM-dd}"),
            _ when completedOn > today => Refusal.Invalid("completedOn", "completedOn must not be in the future"),
            _ => Decision.Accept(new EnrollmentCompleted(cls.Id, enrollmentId, completedOn, cmd.Passed!.Value))
        };
    }

    [WolverinePost("/api/classes/{id}/enrollments/{enrollmentId}/complete")]
    public static async Task<IResult> Post(Guid id, Guid enrollmentId, CompleteEnrollment cmd, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user)
    {
        var validation = Check(cmd);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var refusal = await session.Decide(id, Caller.From(user), cls => Decide(cls, enrollmentId, cmd, clock.Today()));
        return refusal is null ? Results.NoContent() : Problems.From(refusal);
    }
}
