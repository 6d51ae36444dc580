using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Catalogue;
using Training.Institutions;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public sealed record RegisterClassRequest(
    [property: Required] Guid? InstitutionId,
    [property: Required, InCatalogue(Catalogued.Programme)] string? Programme,
    [property: InCatalogue(Catalogued.Track)] string? Track,
    [property: Required, Text(200)] string? Title,
    [property: InCatalogue(Catalogued.Region)] string? RegionCode,
    [property: Required] DateOnly? StartDate,
    [property: Required] DateOnly? EndDate,
    [property: Required, Range(1, RegisterClassEndpoint.MaxCapacity)] int? Capacity,
    [property: OneOf(typeof(RegisterClassEndpoint), nameof(RegisterClassEndpoint.Modes))] string? Mode,
    bool? Subsidized);

/// <summary><paramref name="RegionCode"/> is null when the class is in its institution's region.</summary>
public sealed record RegisterClass(
    Guid InstitutionId, string Programme, string? Track, string Title, string? RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, string Mode, bool Subsidized);

public sealed record ClassRegistered(
    Guid ClassId, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, string Mode, bool Subsidized, DateOnly RegisteredOn);

public static class RegisterClassEndpoint
{
    public static readonly string[] Modes = ["offline", "online", "blended"];
    public const int MaxCapacity = 5000;

    public static Checked<RegisterClass> Check(RegisterClassRequest request, ProgrammeCatalogue catalogue)
    {
        var v = new Validation()
            .Check(request.InstitutionId is not null && request.InstitutionId != Guid.Empty, "institutionId", "institutionId is required")
            .OneOf(request.Programme, "programme", catalogue.Programmes.Select(p => p.Code).ToArray())
            .Text(request.Title, "title", 200)
            .Check(request.RegionCode is null || catalogue.Region(request.RegionCode) is not null, "regionCode",
                "regionCode must be a known GB/T 2260 region code")
            .Check(request.StartDate is { Year: >= 2000 and <= 2100 }, "startDate", "startDate is required, a date (yyyy-MM-dd) from 2000 to 2100")
            .Check(request.EndDate is { Year: >= 2000 and <= 2100 }, "endDate", "endDate is required, a date (yyyy-MM-dd) from 2000 to 2100")
            .Check(request.EndDate is null || request.StartDate is null || request.EndDate >= request.StartDate, "endDate",
                "endDate must not be before startDate")
            .Check(request.Capacity is >= 1 and <= MaxCapacity, "capacity", $"capacity is required, from 1 to {MaxCapacity}")
            .OneOf(request.Mode, "mode", Modes, required: false);
        if (request.Track is not null && catalogue.Programme(request.Programme) is { } programme)
            v.OneOf(request.Track, "track", programme.Tracks.Select(t => t.Code).ToArray());
        return v.Then(() => new RegisterClass(request.InstitutionId!.Value, request.Programme!, request.Track, request.Title!.Trim(),
            request.RegionCode, request.StartDate!.Value, request.EndDate!.Value, request.Capacity!.Value, request.Mode ?? "offline",
            request.Subsidized ?? false));
    }

    public static Decision Decide(RegisterClass cmd, Institution? institution, Guid classId, DateOnly today) =>
        institution is null
            ? Refusal.NotFound("institutionId", $"no institution {cmd.InstitutionId}")
            : Decision.Accept(new ClassRegistered(classId, institution.Id, cmd.Programme, cmd.Track, cmd.Title,
                cmd.RegionCode ?? institution.RegionCode, cmd.StartDate, cmd.EndDate, cmd.Capacity, cmd.Mode, cmd.Subsidized, today));

    [WolverinePost("/api/classes"), Audited, Idempotent, EndpointSummary("Register a class (开班)")]
    [ProducesResponseType<IdAnswer>(201), Refuses(400), Refuses(403), Refuses(404)]
    public static Task<IResult> Post(RegisterClassRequest request, IDocumentSession session, ProgrammeCatalogue catalogue, TimeProvider clock,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        return Command.Run(request, r => Check(r, catalogue), async cmd =>
            {
                // An institution registers classes for itself only, whatever institutionId the body names.
                if (!Caller.From(user).RunsInstitution(cmd.InstitutionId)) return Caller.Forbidden("register classes for another institution");
                var decision = Decide(cmd, await session.LoadAsync<Institution>(cmd.InstitutionId), id, clock.Today());
                if (decision.Accepted) session.Events.StartStream<TrainingClass>(id, decision.Events);
                return decision.Refusal;
            },
            _ => Results.Created($"/api/classes/{id}", new IdAnswer(id)));
    }
}
