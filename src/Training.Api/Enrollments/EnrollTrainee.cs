using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Classes;
using Training.Identity;
using Training.Trainees;
using Training.Web;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Training.Enrollments;

public sealed record EnrollTraineeRequest(
    [property: Required, Matches(typeof(ResidentId), nameof(ResidentId.Shape))] string? IdNumber,
    [property: Required, Text(50)] string? Name,
    [property: Matches(typeof(EnrollTraineeEndpoint), "PhonePattern")] string? Phone,
    [property: OneOf(typeof(EnrollTraineeEndpoint), nameof(EnrollTraineeEndpoint.Groups))] string[]? Groups);

/// <summary><paramref name="IdNumber"/> is normalised (upper case) and valid; <paramref name="Name"/> trimmed.</summary>
public sealed record EnrollTrainee(string IdNumber, string Name, string? Phone, string[] Groups);

public sealed record EnrollmentAnswer(Guid EnrollmentId, Guid TraineeId);

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

    public static Checked<EnrollTrainee> Check(EnrollTraineeRequest request)
    {
        var idNumber = ResidentId.Normalize(request.IdNumber);
        var v = new Validation()
            .Check(idNumber is not null, "idNumber", "idNumber must be an 18-character resident ID number whose check character is right")
            .Text(request.Name, "name", 50)
            .Check(request.Phone is null || PhonePattern().IsMatch(request.Phone), "phone", "phone must be 5 to 20 digits");
        foreach (var group in request.Groups ?? []) v.OneOf(group, "groups", Groups);
        return v.Then(() => new EnrollTrainee(idNumber!, request.Name!.Trim(), request.Phone, (request.Groups ?? []).Distinct().ToArray()));
    }

    /// <param name="state">The class and the seats this person holds in it. A batch (a roster import) folds it row by row:
    /// <c>state = state.After(decision.Events)</c>.</param>
    /// <param name="known">The person as already recorded, or null for someone new.</param>
    public static Decision Decide(ClassSeats state, EnrollTrainee cmd, Guid traineeId, Trainee? known, Guid enrollmentId, DateOnly today)
    {
        var cls = state.Class;
        if (Trainee.NameConflict(known, cmd.Name) is { } conflict) return conflict;
        if (cls.Status != ClassStatus.Open)
            return Refusal.Conflict("id", $"class {cls.Id} is {cls.Status} and takes no enrollments");
        if (state.CountingSeatOf(traineeId) is { } seat)
            return Refusal.Conflict("idNumber", $"this person is already enrolled in class {cls.Id} as enrollment {seat.EnrollmentId}");
        if (cls.Enrolled >= cls.Capacity)
            return Refusal.Conflict("id", $"class {cls.Id} is full ({cls.Capacity} seats)");

        return Decision.Accept(new TraineeEnrolled(cls.Id, enrollmentId, traineeId, cmd.Name, ResidentId.Mask(cmd.IdNumber), cmd.Groups, today, cls.InstitutionId, cls.Programme, cls.Track, cls.RegionCode,
            cls.StartDate));
    }

    [WolverinePost("/api/classes/{id}/enrollments"), Audited, Idempotent, EndpointSummary("Enroll a trainee by real name (实名制)")]
    [ProducesResponseType<EnrollmentAnswer>(201), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(Guid id, EnrollTraineeRequest request, IDocumentSession session, TraineeIdentity identity,
        ClassGate gate, TimeProvider clock, ClaimsPrincipal user)
    {
        var enrollmentId = Guid.CreateVersion7(clock.GetUtcNow());
        return Command.Run(request, Check, async cmd =>
            {
                var traineeId = identity.IdFor(cmd.IdNumber);
                // A few of this node's enrollments into the class at a time go on to its row lock; a hot class's others
                // queue here, not in PostgreSQL (ClassGate). The row lock, not the gate, keeps the seats exact.
                using var place = await gate.EnterAsync(id);
                // The person's lock, then the class's, in one round trip (TraineeStream): what is known of the person and the
                // class cannot change until commit.
                var (known, seats, locked) = await session.LockTraineeAndClass(traineeId, id);
                var refusal = await session.Decide(id, Caller.From(user), cls => Decide(cls, cmd, traineeId, known, enrollmentId, clock.Today()),
                    seats: seats, locked: locked);
                if (refusal is null && Trainee.Identify(known, traineeId, cmd.IdNumber, cmd.Name, cmd.Phone) is { } fact)
                    session.Events.Append(traineeId, fact);
                return refusal;
            },
            cmd => Results.Created($"/api/classes/{id}/enrollments/{enrollmentId}",
                new EnrollmentAnswer(enrollmentId, identity.IdFor(cmd.IdNumber))));
    }
}
