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

/// <summary>
/// A class (开班) as its decisions need it: what it is, its status and how many seats count. Not its roster (names live
/// in <see cref="Roster"/>): this snapshot stays a few hundred bytes however full the class is, because every enrollment
/// rewrites it. Immutable: every Apply returns a new value, so Marten's identity map never sees a half-applied change.
/// </summary>
public sealed record TrainingClass(
    Guid Id, Guid InstitutionId, string Programme, string? Track, string Title, string RegionCode,
    DateOnly StartDate, DateOnly EndDate, int Capacity, string Mode, bool Subsidized, string Status,
    string? CancelReason, int Active, int Completed) : IRevisioned
{
    public int Version { get; set; }

    /// <summary>Active and completed enrollments hold a seat and count as person-times; withdrawn and cancelled do not.</summary>
    [JsonIgnore] public int Enrolled => Active + Completed;

    public static TrainingClass Create(ClassRegistered e) => new(
        e.ClassId, e.InstitutionId, e.Programme, e.Track, e.Title, e.RegionCode, e.StartDate, e.EndDate,
        e.Capacity, e.Mode, e.Subsidized, ClassStatus.Open, null, 0, 0);

    public TrainingClass Apply(TraineeEnrolled e) => this with { Active = Active + 1 };

    // Only an active enrollment is ever withdrawn or completed (the decisions see to it).
    public TrainingClass Apply(EnrollmentWithdrawn e) => (this with { Active = Active - 1 }).Settle();

    public TrainingClass Apply(EnrollmentCompleted e) => (this with { Active = Active - 1, Completed = Completed + 1 }).Settle();

    public TrainingClass Apply(ClassCancelled e) => this with { Status = ClassStatus.Cancelled, CancelReason = e.Reason, Active = 0 };

    // A class that has recorded completions and has nobody left in training is over: it is completed.
    TrainingClass Settle() =>
        Status == ClassStatus.Open && Completed > 0 && Active == 0 ? this with { Status = ClassStatus.Completed } : this;
}

/// <summary>One enrollment (one person-time) as a decision needs it.</summary>
public sealed record Seat(Guid EnrollmentId, Guid TraineeId, string Status)
{
    /// <summary>Active and completed enrollments hold a seat; withdrawn and cancelled do not.</summary>
    [JsonIgnore] public bool Counts => Status is EnrollmentStatus.Active or EnrollmentStatus.Completed;
}

/// <summary>
/// The decision state of a command on a class: the class, and the seats of the people or the enrollment the command
/// names, read under the class's lock (so nobody else changes them before commit). A batch of enrollments folds it:
/// decide one row, take the state after the events it returns, decide the next
/// (named After, not Apply: it is no Marten aggregate).
/// </summary>
public sealed record ClassSeats(TrainingClass Class, ImmutableList<Seat> Seats)
{
    public Guid Id => Class.Id;
    public string Status => Class.Status;
    public int Enrolled => Class.Enrolled;

    public static ClassSeats Of(TrainingClass cls, IEnumerable<Seat>? seats = null) => new(cls, [.. seats ?? []]);

    public Seat? Enrollment(Guid enrollmentId) => Seats.Find(s => s.EnrollmentId == enrollmentId);

    public Seat? CountingSeatOf(Guid traineeId) => Seats.Find(s => s.TraineeId == traineeId && s.Counts);

    public ClassSeats After(object e) => e switch
    {
        TraineeEnrolled x => new(Class.Apply(x), Seats.Add(new Seat(x.EnrollmentId, x.TraineeId, EnrollmentStatus.Active))),
        EnrollmentWithdrawn x => new(Class.Apply(x), WithStatus(x.EnrollmentId, EnrollmentStatus.Withdrawn)),
        EnrollmentCompleted x => new(Class.Apply(x), WithStatus(x.EnrollmentId, EnrollmentStatus.Completed)),
        ClassCancelled x => new(Class.Apply(x),
            [.. Seats.Select(s => s.Status == EnrollmentStatus.Active ? s with { Status = EnrollmentStatus.Cancelled } : s)]),
        _ => this
    };

    public ClassSeats After(IEnumerable<object> events) => events.Aggregate(this, (state, e) => state.After(e));

    ImmutableList<Seat> WithStatus(Guid enrollmentId, string status) =>
        [.. Seats.Select(s => s.EnrollmentId == enrollmentId ? s with { Status = status } : s)];
}
