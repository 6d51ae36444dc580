using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public sealed record CancelClass(string? Reason);

/// <summary>Its trainees were never trained: their enrollments stop counting as person-times.</summary>
public sealed record ClassCancelled(Guid ClassId, string Reason, DateOnly CancelledOn);

public static class CancelClassEndpoint
{
    public static Validation Check(CancelClass cmd) => new Validation().Text(cmd.Reason, "reason", 500);

    public static Decision Decide(TrainingClass cls, CancelClass cmd, DateOnly today) => cls.Status switch
    {
        ClassStatus.Cancelled => Refusal.Conflict("id", $"class {cls.Id} is already cancelled"),
        ClassStatus.Completed => Refusal.Conflict("id", $"class {cls.Id} is completed and cannot be cancelled"),
        _ when cls.Enrollments.Any(s => s.Status == EnrollmentStatus.Completed) =>
            Refusal.Conflict("id", $"class {cls.Id} has recorded completions: it took place and cannot be cancelled"),
        _ => Decision.Accept(new ClassCancelled(cls.Id, cmd.Reason!.Trim(), today))
    };

    [WolverinePost("/api/classes/{id}/cancel")]
    public static async Task<IResult> Post(Guid id, CancelClass cmd, IDocumentSession session, TimeProvider clock, ClaimsPrincipal user)
    {
        var validation = Check(cmd);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var refusal = await session.Decide(id, Caller.From(user), cls => Decide(cls, cmd, clock.Today()));
        return refusal is null ? Results.NoContent() : Problems.From(refusal);
    }
}
