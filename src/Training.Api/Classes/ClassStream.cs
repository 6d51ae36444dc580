using Marten;
using Training.Access;
using Training.Enrollments;
using Training.Web;

namespace Training.Classes;

public static class ClassStream
{
    /// <summary>
    /// Runs a pure decision against the class and appends what it decides. The stream row is locked for the
    /// rest of the transaction, so racing commands on one class queue instead of failing on a stale version:
    /// fifty clients racing for ten seats get exactly ten seats, not "ten minus the unlucky ones". The seats the command
    /// names (<paramref name="traineeId"/>'s, or <paramref name="enrollmentId"/>) are read from the roster under that lock.
    /// </summary>
    /// <param name="seats">The seats, when the command has read them already (an enrollment, under its person's lock).</param>
    public static async Task<Refusal?> Decide(this IDocumentSession session, Guid classId, Caller caller, Func<ClassSeats, Decision> decide,
        Guid? traineeId = null, Guid? enrollmentId = null, IReadOnlyList<Seat>? seats = null)
    {
        // No class has the empty id, and Marten refuses it as a stream id: it is unknown like any other.
        if (classId == Guid.Empty) return NotFound(classId);
        var stream = await session.Events.FetchForExclusiveWriting<TrainingClass>(classId);
        if (stream.Aggregate is null) return NotFound(classId);
        if (!caller.RunsInstitution(stream.Aggregate.InstitutionId)) return Caller.Forbidden("change another institution's class");
        seats ??= traineeId is null && enrollmentId is null ? [] : await Roster.SeatsAsync(session, classId, traineeId, enrollmentId);
        var decision = decide(ClassSeats.Of(stream.Aggregate, seats));
        if (decision.Refusal is { } refusal) return refusal;
        stream.AppendMany(decision.Events);
        return null;
    }

    static Refusal NotFound(Guid classId) => Refusal.NotFound("id", $"no class {classId}");
}
