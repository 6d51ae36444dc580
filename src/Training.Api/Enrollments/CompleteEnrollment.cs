using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Classes;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record CompleteEnrollmentRequest([property: Required] DateOnly? CompletedOn, [property: Required] bool? Passed);

public sealed record CompleteEnrollment(DateOnly CompletedOn, bool Passed);

/// <summary>结业 recorded. Only a passed completion counts in the "completed" figures.</summary>
public sealed record EnrollmentCompleted(Guid ClassId, Guid EnrollmentId, DateOnly CompletedOn, bool Passed);

public static class CompleteEnrollmentEndpoint
{
    public static Checked<CompleteEnrollment> Check(CompleteEnrollmentRequest request) => new Validation()
        .Check(request.CompletedOn is not null, "completedOn", "completedOn is required, a date (yyyy-MM-dd)")
        .Check(request.Passed is not null, "passed", "passed is required, true or false")
        .Then(() => new CompleteEnrollment(request.CompletedOn!.Value, request.Passed!.Value));

    public static Decision Decide(ClassSeats cls, Guid enrollmentId, CompleteEnrollment cmd, DateOnly today) =>
        cls.Enrollment(enrollmentId) switch
        {
            null => Refusal.NotFound("enrollmentId", $"no enrollment {enrollmentId} in class {cls.Id}"),
            { Status: not EnrollmentStatus.Active } seat =>
                Refusal.Conflict("enrollmentId", $"enrollment {enrollmentId} is {seat.Status}, not active"),
            _ when cmd.CompletedOn < cls.Class.StartDate =>
                Refusal.Invalid("completedOn", $"completedOn must not be before the class's start date {cls.Class.StartDate:yyyy-MM-dd}"),
            _ when cmd.CompletedOn > today => Refusal.Invalid("completedOn", "completedOn must not be in the future"),
            _ => Decision.Accept(new EnrollmentCompleted(cls.Id, enrollmentId, cmd.CompletedOn, cmd.Passed))
        };

    [WolverinePost("/api/classes/{id}/enrollments/{enrollmentId}/complete"), Audited, Idempotent, EndpointSummary("Record a completion (结业)")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid id, Guid enrollmentId, CompleteEnrollmentRequest request, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user) =>
        Command.Run(request, Check,
            cmd => session.Decide(id, Caller.From(user), cls => Decide(cls, enrollmentId, cmd, clock.Today()), enrollmentId: enrollmentId),
            _ => Results.NoContent());
}
