using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Certificates;
using Training.Employment;
using Training.Identity;
using Training.Progress;
using Training.Web;
using Wolverine.Http;

namespace Training.Trainees;

public sealed record TraineeEnrollment(
    Guid EnrollmentId, Guid ClassId, Guid InstitutionId, string Programme, string? Track, string RegionCode, DateOnly StartDate,
    string Status, bool? Passed, DateOnly? CompletedOn);

public sealed record TraineeCertificate(
    string CertificateNo, string Kind, string Occupation, int? Level, string Programme, DateOnly AwardedOn, string Issuer,
    Guid? ClassId, string Status);

/// <summary>Disclosures: who has been shown this person's full ID number, and when. Employment: where they found work, as corrected.</summary>
public sealed record TraineeRecord(
    Guid TraineeId, string Name, string IdNumberMasked, IReadOnlyList<TraineeEnrollment> Enrollments,
    IReadOnlyList<TraineeCertificate> Certificates, IReadOnlyList<Disclosure> Disclosures, IReadOnlyList<TraineeEmployment> Employment);

public sealed record TraineeEmployment(
    Guid OutcomeId, string Programme, string Status, DateOnly Since, Guid ClassId, string RegionCode, string? EmployerName,
    string? EmployerCreditCode, string? Note, DateOnly RecordedOn, DateOnly? EndedOn, string? EndReason, int Corrections);

public static class GetTraineeEndpoint
{
    /// <summary>Everything a person has done here, with the ID number masked.</summary>
    [WolverineGet("/api/trainees/{traineeId}"), EndpointSummary("A person's enrollments, certificates and employment, ID number masked")]
    [ProducesResponseType<TraineeRecord>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> Get(Guid traineeId, IQuerySession session, NpgsqlDataSource db, ClaimsPrincipal user,
        CancellationToken cancellation)
    {
        if (!Caller.From(user).Certifies) return Problems.From(Caller.Forbidden("look trainees up"));
        // Folded here rather than by AggregateStreamAsync<Trainee>, which would register a trainee document the schema does not have.
        Trainee? found = null;
        foreach (var e in await session.Events.FetchStreamAsync(traineeId, token: cancellation))
            found = (e.Data, found) switch
            {
                (PersonIdentified x, _) => Trainee.Create(x),
                (PhoneRecorded x, { } t) => t.Apply(x),
                (PersonalDataDisclosed x, { } t) => t.Apply(x),
                _ => found
            };
        if (found is not { } trainee)
            return Problems.NotFound("traineeId", $"no trainee {traineeId}");

        var certificates = await session.Query<Certificate>().Where(c => c.TraineeId == traineeId).OrderBy(c => c.AwardedOn)
            .ToListAsync(cancellation);
        var outcomes = await session.Query<EmploymentOutcome>().Where(o => o.TraineeId == traineeId).ToListAsync(cancellation);
        return Results.Ok(new TraineeRecord(trainee.Id, trainee.Name, ResidentId.Mask(trainee.IdNumber),
            await EnrollmentsOf(db, traineeId, cancellation),
            certificates.Select(c => new TraineeCertificate(c.CertificateNo, c.Kind, c.Occupation, c.Level, c.Programme, c.AwardedOn,
                c.Issuer, c.ClassId, c.Status)).ToList(),
            trainee.Disclosures,
            outcomes.OrderBy(o => o.Since).ThenBy(o => o.Id).Select(o => new TraineeEmployment(o.Id, o.Programme, o.Status, o.Since, o.ClassId,
                o.RegionCode, o.EmployerName, o.EmployerCreditCode, o.Note, o.RecordedOn, o.EndedOn, o.EndReason, o.Corrections)).ToList()));
    }

    static async Task<List<TraineeEnrollment>> EnrollmentsOf(NpgsqlDataSource db, Guid traineeId, CancellationToken cancellation)
    {
        await using var command = db.CreateCommand($"""
            select enrollment_id, class_id, institution_id, programme, track, region_code, start_date, status, passed, completed_on
            from {EnrollmentFacts.TableName} where trainee_id = $1 order by start_date, enrollment_id
            """);
        command.Parameters.Add(new() { Value = traineeId });
        var enrollments = new List<TraineeEnrollment>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            enrollments.Add(new TraineeEnrollment(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateOnly>(6),
                reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9)));
        return enrollments;
    }
}
