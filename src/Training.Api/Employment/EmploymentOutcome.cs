using JasperFx;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Classes;
using Training.Progress;
using Training.Web;
using Wolverine.Http;

namespace Training.Employment;

/// <summary>受雇就业, 灵活就业 or 个体, 自主创业: how a trained person came into work (带动就业创业).</summary>
public static class EmploymentStatus
{
    public const string Employed = "employed", SelfEmployed = "self-employed", StartedBusiness = "started-business";
    public static readonly string[] All = [Employed, SelfEmployed, StartedBusiness];
}

/// <summary>
/// A person brought into work after training: it counts for the class they trained in (its region, institution and track),
/// in the year of <see cref="Since"/>. An ended outcome still counts: the person was brought into work.
/// </summary>
public sealed record EmploymentOutcome(
    Guid Id, Guid TraineeId, string Programme, string Status, DateOnly Since, Guid ClassId, Guid InstitutionId, string? Track,
    string RegionCode, DateOnly ClassStartDate, string? EmployerName, string? EmployerCreditCode, string? Note, DateOnly RecordedOn,
    DateOnly? EndedOn = null, string? EndReason = null, int Corrections = 0) : IRevisioned
{
    public int Version { get; set; }

    public static EmploymentOutcome Create(EmploymentRecorded e) => new(e.OutcomeId, e.TraineeId, e.Programme, e.Status, e.Since,
        e.ClassId, e.InstitutionId, e.Track, e.RegionCode, e.ClassStartDate, e.EmployerName, e.EmployerCreditCode, e.Note, e.RecordedOn);

    public EmploymentOutcome Apply(EmploymentCorrected e) => this with
    {
        Status = e.Status, Since = e.Since, EmployerName = e.EmployerName, EmployerCreditCode = e.EmployerCreditCode, Note = e.Note,
        Corrections = Corrections + 1
    };

    public EmploymentOutcome Apply(EmploymentEnded e) => this with { EndedOn = e.EndedOn, EndReason = e.Reason };

    public bool IsOpen => EndedOn is null;
}

/// <summary>One of a person's enrollments, as an outcome's rules need it.</summary>
public sealed record PastEnrollment(Guid ClassId, Guid InstitutionId, string Programme, string? Track, string RegionCode,
    DateOnly StartDate, string Status)
{
    /// <summary>Neither withdrawn nor cancelled: the person trained (or is training) there.</summary>
    public bool Trained => Status is EnrollmentStatus.Active or EnrollmentStatus.Completed;
}

public static class EmploymentOutcomes
{
    /// <summary>The person's enrollments, from the inline facts: right the moment their commands were acknowledged.</summary>
    public static async Task<List<PastEnrollment>> EnrollmentsOf(NpgsqlDataSource db, Guid traineeId, CancellationToken cancellation = default)
    {
        await using var command = db.CreateCommand($"""
            select class_id, institution_id, programme, track, region_code, start_date, status
            from {EnrollmentFacts.TableName} where trainee_id = $1
            """);
        command.Parameters.Add(new() { Value = traineeId });
        var found = new List<PastEnrollment>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            found.Add(new PastEnrollment(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateOnly>(5), reader.GetString(6)));
        return found;
    }

    /// <summary>
    /// Runs a pure decision against an outcome of the person <paramref name="traineeId"/>, loaded for writing and checked
    /// against the caller, and appends what it decides; or says why not.
    /// </summary>
    public static async Task<Refusal?> Decide(IDocumentSession session, Guid traineeId, Guid outcomeId, Caller caller,
        ProgrammeCatalogue catalogue, Func<EmploymentOutcome, Decision> decide)
    {
        var unknown = Refusal.NotFound("outcomeId", $"no employment outcome {outcomeId} of trainee {traineeId}");
        if (outcomeId == Guid.Empty) return unknown;
        // Optimistic: of two racing changes of one outcome, the second fails its version check and answers 409.
        var stream = await session.Events.FetchForWriting<EmploymentOutcome>(outcomeId);
        if (stream.Aggregate is not { } outcome || outcome.TraineeId != traineeId) return unknown;
        if (!caller.FollowsUp(outcome.InstitutionId, catalogue.Region(outcome.RegionCode)!))
            return Caller.Forbidden("change outcomes of people another institution or region trained");
        var decision = decide(outcome);
        if (decision.Accepted) stream.AppendMany(decision.Events);
        return decision.Refusal;
    }
}

public static class GetEmploymentHistoryEndpoint
{
    /// <summary>What was believed on each day: recorded, corrected, ended, with who and when.</summary>
    [WolverineGet("/api/trainees/{traineeId}/employment/{outcomeId}/history")]
    [EndpointSummary("Who recorded, corrected and ended an employment outcome, when")]
    [ProducesResponseType<List<AuditTrail.Entry>>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> History(Guid traineeId, Guid outcomeId, IQuerySession session, ProgrammeCatalogue catalogue,
        ClaimsPrincipal user)
    {
        if (outcomeId == Guid.Empty || await session.LoadAsync<EmploymentOutcome>(outcomeId) is not { } outcome || outcome.TraineeId != traineeId)
            return Problems.NotFound("outcomeId", $"no employment outcome {outcomeId} of trainee {traineeId}");
        if (!Caller.From(user).FollowsUp(outcome.InstitutionId, catalogue.Region(outcome.RegionCode)!))
            return Problems.From(Caller.Forbidden("read this outcome's history"));
        return Results.Ok(AuditTrail.Of(await session.Events.FetchStreamAsync(outcomeId)));
    }
}
