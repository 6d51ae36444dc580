using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Catalogue;
using Training.Institutions;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public sealed record RegisterClass(
    Guid? InstitutionId, string? Programme, string? Track, string? Title, string? RegionCode,
    DateOnly? StartDate, DateOnly? EndDate, int? Capacity, string? Mode, bool? Subsidized);

public sealed record ClassRegistered(
    Guid ClassId, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, string Mode, bool Subsidized, DateOnly RegisteredOn);

public static class RegisterClassEndpoint
{
    public static readonly string[] Modes = ["offline", "online", "blended"];
    public const int MaxCapacity = 5000;

    public static Validation Check(RegisterClass cmd, ProgrammeCatalogue catalogue)
    {
        var v = new Validation()
            .Check(cmd.InstitutionId is not null && cmd.InstitutionId != Guid.Empty, "institutionId", "institutionId is required")
            .OneOf(cmd.Programme, "programme", catalogue.Programmes.Select(p => p.Code).ToArray())
            .Text(cmd.Title, "title", 200)
            .Check(cmd.RegionCode is null || catalogue.Region(cmd.RegionCode) is not null, "regionCode",
                "regionCode must be a known GB/T 2260 region code")
            .Check(cmd.StartDate is { Year: >= 2000 and <= 2100 }, "startDate", "startDate is required, a date (yyyy-MM-dd) from 2000 to 2100")
            .Check(cmd.EndDate is { Year: >= 2000 and <= 2100 }, "endDate", "endDate is required, a date (yyyy-MM-dd) from 2000 to 2100")
            .Check(cmd.EndDate is null || cmd.StartDate is null || cmd.EndDate >= cmd.StartDate, "endDate", "endDate must not be before startDate")
            .Check(cmd.Capacity is >= 1 and <= MaxCapacity, "capacity", $"capacity is required, from 1 to {MaxCapacity}")
            .OneOf(cmd.Mode, "mode", Modes, required: false);
        if (cmd.Track is not null && catalogue.Programme(cmd.Programme) is { } programme)
            v.OneOf(cmd.Track, "track", programme.Tracks.Select(t => t.Code).ToArray());
        return v;
    }

    public static Decision Decide(RegisterClass cmd, Institution? institution, Guid classId, DateOnly today) =>
        institution is null
            ? Refusal.NotFound("institutionId", $"no institution {cmd.InstitutionId}")
            : Decision.Accept(new ClassRegistered(classId, institution.Id, cmd.Programme!, cmd.Track, cmd.Title!.Trim(),
                cmd.RegionCode ?? institution.RegionCode, cmd.StartDate!.Value, cmd.EndDate!.Value, cmd.Capacity!.Value,
                cmd.Mode ?? "offline", cmd.Subsidized ?? false, today));

    [WolverinePost("/api/classes")]
    public static async Task<IResult> Post(RegisterClass cmd, IDocumentSession session, ProgrammeCatalogue catalogue, TimeProvider clock,
        ClaimsPrincipal user)
    {
        var validation = Check(cmd, catalogue);
        if (!validation.IsValid) return Problems.Invalid(validation);
        // An institution registers classes for itself only, whatever institutionId the body names.
        if (!Caller.From(user).RunsInstitution(cmd.InstitutionId!.Value))
            return Problems.From(Caller.Forbidden("register classes for another institution"));

        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var decision = Decide(cmd, await session.LoadAsync<Institution>(cmd.InstitutionId!.Value), id, clock.Today());
        if (decision.Refusal is { } refusal) return Problems.From(refusal);

        session.Events.StartStream<TrainingClass>(id, decision.Events);
        return Results.Created($"/api/classes/{id}", new { id });
    }
}
