using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Identity;
using Training.Trainees;
using Training.Web;
using Wolverine.Http;

namespace Training.Employment;

public sealed record RecordEmploymentRequest(
    [property: Required, InCatalogue(Catalogued.Programme)] string? Programme,
    [property: Required, OneOf(typeof(EmploymentStatus), nameof(EmploymentStatus.All))] string? Status,
    [property: Required] DateOnly? Since,
    Guid? ClassId,
    [property: Text(200)] string? EmployerName,
    [property: Matches(typeof(CreditCode), nameof(CreditCode.Shape))] string? EmployerCreditCode,
    [property: Text(500)] string? Note);

/// <summary>Texts are trimmed (null when empty), <paramref name="EmployerCreditCode"/> is upper-cased and valid.</summary>
public sealed record RecordEmployment(
    string Programme, string Status, DateOnly Since, Guid? ClassId, string? EmployerName, string? EmployerCreditCode, string? Note);

/// <summary>
/// The class the person trained in (<paramref name="ClassId"/> and what counting needs of it) is resolved when the outcome
/// is recorded and never changes: the outcome counts in its region.
/// </summary>
public sealed record EmploymentRecorded(
    Guid OutcomeId, Guid TraineeId, string Programme, string Status, DateOnly Since, Guid ClassId, Guid InstitutionId, string? Track,
    string RegionCode, DateOnly ClassStartDate, string? EmployerName, string? EmployerCreditCode, string? Note, DateOnly RecordedOn);

public static class RecordEmploymentEndpoint
{
    public static Validation Employer(this Validation v, string? name, string? creditCode) => v
        .Text(name, "employerName", 200, required: false)
        .Check(creditCode is null || CreditCode.Normalize(creditCode) is not null, "employerCreditCode",
            "employerCreditCode must be an 18-character unified social credit code whose check character is right");

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static Checked<RecordEmployment> Check(RecordEmploymentRequest request, ProgrammeCatalogue catalogue, DateOnly today) =>
        new Validation()
            .OneOf(request.Programme, "programme", catalogue.Programmes.Select(p => p.Code).ToArray())
            .OneOf(request.Status, "status", EmploymentStatus.All)
            .Check(request.Since is { Year: >= 2000 }, "since", "since is required, the date (yyyy-MM-dd, from 2000 on) the work began")
            .Check(request.Since is null || request.Since <= today, "since", "since must not be in the future")
            .Check(request.ClassId != Guid.Empty, "classId", "classId must name a class (not the all-zero id)")
            .Employer(request.EmployerName, request.EmployerCreditCode)
            .Text(request.Note, "note", 500, required: false)
            .Then(() => new RecordEmployment(request.Programme!, request.Status!, request.Since!.Value, request.ClassId,
                Trimmed(request.EmployerName), CreditCode.Normalize(request.EmployerCreditCode), Trimmed(request.Note)));

    /// <summary>
    /// The outcome follows the latest class of the programme (or the class named) that trained the person, started by
    /// <c>since</c>, and that the caller answers for. One open outcome per person and programme: end it before the next.
    /// </summary>
    /// <param name="mayFollow">Whether the caller records outcomes for people trained in that enrollment's class.</param>
    public static Decision Decide(RecordEmployment cmd, Guid traineeId, IReadOnlyList<PastEnrollment> enrollments,
        IReadOnlyList<EmploymentOutcome> outcomes, Func<PastEnrollment, bool> mayFollow, Guid outcomeId, DateOnly today)
    {
        if (!enrollments.Any(mayFollow)) return Caller.Forbidden("record outcomes of people another institution or region trained");
        var field = cmd.ClassId is null ? "programme" : "classId";
        var where = cmd.ClassId is { } classId ? $"class {classId} (programme {cmd.Programme})" : $"programme {cmd.Programme}";
        var inProgramme = enrollments.Where(e => e.Programme == cmd.Programme && (cmd.ClassId is null || e.ClassId == cmd.ClassId)).ToList();
        if (inProgramme.Count == 0) return Refusal.Invalid(field, $"this person was never enrolled in {where}");
        var trained = inProgramme.Where(e => e.Trained).ToList();
        if (trained.Count == 0) return Refusal.Invalid(field, $"this person's enrollments in {where} were withdrawn or cancelled");
        var mine = trained.Where(mayFollow).ToList();
        if (mine.Count == 0) return Caller.Forbidden("record outcomes of people another institution or region trained");
        if (mine.Where(e => e.StartDate <= cmd.Since).MaxBy(e => e.StartDate) is not { } place)
            return Refusal.Invalid("since", $"since must not be before the class started ({mine.Min(e => e.StartDate):yyyy-MM-dd})");
        if (outcomes.FirstOrDefault(o => o.Programme == cmd.Programme && o.IsOpen) is { } open)
            return Refusal.Conflict("programme",
                $"outcome {open.Id} of programme {cmd.Programme} is open for this person (since {open.Since:yyyy-MM-dd}): correct or end it");
        return Decision.Accept(new EmploymentRecorded(outcomeId, traineeId, cmd.Programme, cmd.Status, cmd.Since, place.ClassId,
            place.InstitutionId, place.Track, place.RegionCode, place.StartDate, cmd.EmployerName, cmd.EmployerCreditCode, cmd.Note, today));
    }

    [WolverinePost("/api/trainees/{traineeId}/employment"), Audited, Idempotent, EndpointSummary("Record that a trained person came into work")]
    [ProducesResponseType<IdAnswer>(201), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid traineeId, RecordEmploymentRequest request, IDocumentSession session, NpgsqlDataSource db,
        ProgrammeCatalogue catalogue, TimeProvider clock, ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        if (caller.Role is not (Roles.Institution or Roles.Bureau or Roles.Admin))
            return Task.FromResult(Problems.From(Caller.Forbidden("record employment outcomes")));
        var outcomeId = Guid.CreateVersion7();
        return Command.Run(request, r => Check(r, catalogue, clock.Today()), async cmd =>
            {
                var unknown = Refusal.NotFound("traineeId", $"no trainee {traineeId}");
                if (traineeId == Guid.Empty) return unknown;
                // The person's lock (TraineeStream), held to the end of the transaction: two racing outcomes of one person queue,
                // and the second sees the first when it looks for an open one.
                if (await session.LockTrainee(traineeId) is null) return unknown;
                var enrollments = await EmploymentOutcomes.EnrollmentsOf(db, traineeId);
                var outcomes = await session.Query<EmploymentOutcome>().Where(o => o.TraineeId == traineeId).ToListAsync();
                var decision = Decide(cmd, traineeId, enrollments, outcomes,
                    e => caller.FollowsUp(e.InstitutionId, catalogue.Region(e.RegionCode)!), outcomeId, clock.Today());
                if (decision.Refusal is { } refusal) return refusal;
                session.Events.StartStream<EmploymentOutcome>(outcomeId, decision.Events);
                return null;
            },
            _ => Results.Created($"/api/trainees/{traineeId}/employment/{outcomeId}", new IdAnswer(outcomeId)));
    }
}
