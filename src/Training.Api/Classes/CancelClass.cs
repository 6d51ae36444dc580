using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public sealed record CancelClassRequest([property: Required, Text(500)] string? Reason);

public sealed record CancelClass(string Reason);

/// <summary>Its trainees were never trained: their enrollments stop counting as person-times.</summary>
public sealed record ClassCancelled(Guid ClassId, string Reason, DateOnly CancelledOn);

public static class CancelClassEndpoint
{
    public static Checked<CancelClass> Check(CancelClassRequest request) =>
        new Validation().Text(request.Reason, "reason", 500).Then(() => new CancelClass(request.Reason!.Trim()));

    public static Decision Decide(ClassSeats cls, CancelClass cmd, DateOnly today) => cls.Status switch
    {
        ClassStatus.Cancelled => Refusal.Conflict("id", $"class {cls.Id} is already cancelled"),
        ClassStatus.Completed => Refusal.Conflict("id", $"class {cls.Id} is completed and cannot be cancelled"),
        _ when cls.Class.Completed > 0 =>
            Refusal.Conflict("id", $"class {cls.Id} has recorded completions: it took place and cannot be cancelled"),
        _ => Decision.Accept(new ClassCancelled(cls.Id, cmd.Reason, today))
    };

    [WolverinePost("/api/classes/{id}/cancel"), Audited, Idempotent, EndpointSummary("Cancel a class")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid id, CancelClassRequest request, IDocumentSession session, TimeProvider clock, ClaimsPrincipal user) =>
        Command.Run(request, Check,
            cmd => session.Decide(id, Caller.From(user), cls => Decide(cls, cmd, clock.Today())),
            _ => Results.NoContent());
}
