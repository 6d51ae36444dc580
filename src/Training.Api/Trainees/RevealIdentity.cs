using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Progress;
using Training.Web;
using Wolverine.Http;

namespace Training.Trainees;

/// <summary>A full ID number was shown to someone: the disclosure itself is part of the person's record.</summary>
public sealed record PersonalDataDisclosed(Guid TraineeId, string ToSubject, string ToName, string ToRole, DateOnly DisclosedOn);

public sealed record TraineeIdentityView(Guid TraineeId, string Name, string IdNumber, string? Phone);

public static class RevealIdentityEndpoint
{
    /// <summary>
    /// An admin, or a bureau over a region where the person trained or was certified, holding the "pii" scope.
    /// </summary>
    public static bool MayReveal(Caller caller, IEnumerable<Region> regionsOfRecord) =>
        caller.MayReadPersonalData && (caller.IsAdmin || regionsOfRecord.Any(caller.Oversees));

    [WolverineGet("/api/trainees/{traineeId}/identity"), Audited]
    [EndpointSummary("A person's full ID number and phone (needs the pii scope; the disclosure is recorded)")]
    [ProducesResponseType<TraineeIdentityView>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> Get(Guid traineeId, IDocumentSession session, NpgsqlDataSource db, ProgrammeCatalogue catalogue,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellation)
    {
        var caller = Caller.From(user);
        if (!caller.MayReadPersonalData) return Problems.From(Caller.Forbidden("read full ID numbers (it needs the pii scope)"));
        if (await session.LockTrainee(traineeId, cancellation) is not { } trainee)
            return Problems.NotFound("traineeId", $"no trainee {traineeId}");

        var regions = (await RegionsOfRecord(db, traineeId, cancellation)).Select(catalogue.Region).OfType<Region>();
        if (!MayReveal(caller, regions)) return Problems.From(Caller.Forbidden("read this person's ID number"));

        // Appended in the same transaction that answers: no disclosure goes unrecorded.
        session.Events.Append(traineeId, new PersonalDataDisclosed(traineeId, caller.Subject, caller.Name, caller.Role, clock.Today()));
        return Results.Ok(new TraineeIdentityView(trainee.Id, trainee.Name, trainee.IdNumber, trainee.Phone));
    }

    static async Task<List<string>> RegionsOfRecord(NpgsqlDataSource db, Guid traineeId, CancellationToken cancellation)
    {
        await using var command = db.CreateCommand($"""
            select region_code from {EnrollmentFacts.TableName} where trainee_id = $1
            union select region_code from {CertificateFacts.TableName} where trainee_id = $1
            """);
        command.Parameters.Add(new() { Value = traineeId });
        var regions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) regions.Add(reader.GetString(0));
        return regions;
    }
}
