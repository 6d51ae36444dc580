using System.Collections.Immutable;
using System.Text.Json.Serialization;
using JasperFx;
using Training.Enrollments;

namespace Training.Classes;

public static class ClassStatus
{
    public const string Open = "open", Cancelled = "cancelled", Completed = "completed";
}

public static class EnrollmentStatus
{
    public const string Active = "active", Withdrawn = "withdrawn", Completed = "completed", Cancelled = "cancelled";
}

/// <summary>One enrollment (one person-time) in a class.</summary>
public sealed record Enrollment(
    Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, IReadOnlyList<string> Groups,
    DateOnly EnrolledOn, string Status, bool? Passed = null, DateOnly? CompletedOn = null)
{
    /// <summary>Active and completed enrollments hold a seat and count as person-times; withdrawn and cancelled do not.</summary>
    [JsonIgnore] public bool Counts => Status is EnrollmentStatus.Active or EnrollmentStatus.Completed;
}

/// <summary>
/// A class (开班) and its roster. Immutable: every Apply returns a new value, so Marten's identity map
/// can never see a half-applied change.
/// </summary>
public sealed record TrainingClass(
    Guid Id, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, string Mode, bool Subsidized, string Status,
    string? CancelReason, ImmutableList<Enrollment> Enrollments) : IRevisioned
{
    public int Version { get; set; }

    [JsonIgnore] public int Enrolled => Enrollments.Count(s => s.Counts);

    public Enrollment? FindEnrollment(Guid enrollmentId) => Enrollments.Find(s => s.EnrollmentId == enrollmentId);

    public Enrollment? CountingEnrollmentOf(Guid traineeId) => Enrollments.Find(s => s.TraineeId == traineeId && s.Counts);

    public static TrainingClass Create(ClassRegistered e) => new(
        e.ClassId, e.InstitutionId, e.Programme, e.Track, e.Title, e.RegionCode, e.StartDate, e.EndDate,
        e.Capacity, e.Mode, e.Subsidized, ClassStatus.Open, null, []);

    public TrainingClass Apply(TraineeEnrolled e) => this with
    {
        Enrollments = Enrollments.Add(new Enrollment(e.EnrollmentId, e.TraineeId, e.Name, e.IdNumberMasked, e.Groups,
            e.EnrolledOn, EnrollmentStatus.Active))
    };

    public TrainingClass Apply(EnrollmentWithdrawn e) =>
        WithEnrollment(e.EnrollmentId, s => s with { Status = EnrollmentStatus.Withdrawn }).Settle();

    public TrainingClass Apply(EnrollmentCompleted e) =>
        WithEnrollment(e.EnrollmentId, s => s with { Status = EnrollmentStatus.Completed, Passed = e.Passed, CompletedOn = e.CompletedOn }).Settle();

    public TrainingClass Apply(ClassCancelled e) => this with
    {
        Status = ClassStatus.Cancelled,
        CancelReason = e.Reason,
        Enrollments = Enrollments.Select(s => s.Status == EnrollmentStatus.Active ? s with { Status = EnrollmentStatus.Cancelled } : s)
            .ToImmutableList()
    };

    // A class that has recorded completions and has nobody left in training is over: it is completed.
    TrainingClass Settle() =>
        Status == ClassStatus.Open && Enrollments.Any(s => s.Status == EnrollmentStatus.Completed)
                                   && !Enrollments.Any(s => s.Status == EnrollmentStatus.Active)
            ? this with { Status = ClassStatus.Completed }
            : this;

    TrainingClass WithEnrollment(Guid enrollmentId, Func<Enrollment, Enrollment> change) => this with
    {
        Enrollments = Enrollments.Select(s => s.EnrollmentId == enrollmentId ? change(s) : s).ToImmutableList()
    };
}
