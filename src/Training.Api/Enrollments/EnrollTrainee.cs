using System.Text.RegularExpressions;
using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Classes;
using Training.Identity;
using Training.Trainees;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record EnrollTrainee(string? IdNumber, string? Name, string? Phone, string[]? Groups);

/// <summary>One person-time. Carries the class's programme, region and start date so the counts need no look-up.</summary>
public sealed record TraineeEnrolled(
    Guid ClassId, Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, string[] Groups,
    DateOnly EnrolledOn, Guid InstitutionId, string Programme, string? Track, string RegionCode, DateOnly ClassStartDate);

public static partial class EnrollTraineeEndpoint
{
    /// <summary>The groups the plans single out (高校毕业生, 农民工, 退役军人, 脱贫人口, 就业困难人员, 残疾人, 失业人员).</summary>
    public static readonly string[] Groups =
        ["graduate", "migrant-worker", "veteran", "poverty-alleviated", "employment-difficulty", "disabled", "unemployed"];

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{4,19}$")]
    private static partial Regex PhonePattern();

    public static Validation Check(EnrollTrainee cmd)
    {
        var v = new Validation()
            .Check(ResidentId.Normalize(cmd.IdNumber) is not null, "idNumber",
                "idNumber must be an 18-character resident ID number whose check character is right")
            .Text(cmd.Name, "name", 50)
            .Check(cmd.Phone is null || PhonePattern().IsMatch(cmd.Phone), "phone", "phone must be 5 to 20 digits");
        foreach (var group in cmd.Groups ?? []) v.OneOf(group, "groups", Groups);
        return v;
    }

    /// <param name="idNumber">Normalized and valid.</param>
    /// <param name="known">The person as already recorded, or null for someone new.</param>
    public static Decision Decide(TrainingClass cls, EnrollTrainee cmd, string idNumber, Guid traineeId, Trainee? known,
        Guid enrollmentId, DateOnly today)
    {
        var name = cmd.Name!.Trim();
        if (Trainee.NameConflict(known, name) is { } conflict) return conflict;
        if (cls.Status != ClassStatus.Open)
            return Refusal.Conflict("id", $"class {cls.Id} is {cls.Status} and takes no enrollments");
        if (cls.CountingSeatOf(traineeId) is { } seat)
            return Refusal.Conflict("idNumber", $"this person is already enrolled in class {cls.Id} as enrollment {seat.EnrollmentId}");
        if (cls.Enrolled >= cls.Capacity)
            return Refusal.Conflict("id", $"class {cls.Id} is full ({cls.Capacity} seats)");

        return Decision.Accept(new TraineeEnrolled(cls.Id, enrollmentId, traineeId, name, ResidentId.Mask(idNumber),
            (cmd.Groups ?? []).Distinct().ToArray(), today, cls.InstitutionId, cls.Programme, cls.Track, cls.RegionCode,
            cls.StartDate));
    }

    [WolverinePost("/api/classes/{id}/enrollments")]
    public static async Task<IResult> Post(Guid id, EnrollTrainee cmd, IDocumentSession session, TraineeIdentity identity,
        TimeProvider clock, ClaimsPrincipal user)
    {
        var validation = Check(cmd);
        if (!validation.IsValid) return Problems.Invalid(validation);

        var idNumber = ResidentId.Normalize(cmd.IdNumber)!;
        var traineeId = identity.IdFor(idNumber);
        var known = await session.Events.AggregateStreamAsync<Trainee>(traineeId);
        var enrollmentId = Guid.CreateVersion7(clock.GetUtcNow());

        var refusal = await session.Decide(id, Caller.From(user), cls => Decide(cls, cmd, idNumber, traineeId, known, enrollmentId, clock.Today()));
        if (refusal is not null) return Problems.From(refusal);

        // Appended without an expected version: two first enrollments of one person racing in two classes
        // both record the same identity, which is harmless, rather than one of them failing.
        if (Trainee.Identify(known, traineeId, idNumber, cmd.Name!.Trim(), cmd.Phone) is { } fact) session.Events.Append(traineeId, fact);
        return Results.Created($"/api/classes/{id}/enrollments/{enrollmentId}", new { enrollmentId, traineeId });
    }
}
