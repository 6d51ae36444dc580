using Marten;
using Marten.Internal;
using Npgsql;
using Training.Access;
using Training.Enrollments;
using Training.Web;

namespace Training.Classes;

/// <summary>A class whose stream row the caller's transaction has locked: its snapshot (null: no such class) and its version.</summary>
public sealed record LockedClass(TrainingClass? Class, long Version);

public static class ClassStream
{
    /// <summary>
    /// Runs a pure decision against the class and appends what it decides. The stream row is locked for the
    /// rest of the transaction, so racing commands on one class queue instead of failing on a stale version:
    /// fifty clients racing for ten seats get exactly ten seats, not "ten minus the unlucky ones". The seats the command
    /// names (<paramref name="traineeId"/>'s, or <paramref name="enrollmentId"/>) are read from the roster under that lock.
    /// </summary>
    /// <param name="seats">The seats, when the command has read them already (an enrollment, under its person's lock).</param>
    /// <param name="locked">The class, when the command's own batch has locked and read it already (<see cref="LockCommands"/>).</param>
    public static async Task<Refusal?> Decide(this IDocumentSession session, Guid classId, Caller caller, Func<ClassSeats, Decision> decide,
        Guid? traineeId = null, Guid? enrollmentId = null, IReadOnlyList<Seat>? seats = null, LockedClass? locked = null)
    {
        // No class has the empty id, and Marten refuses it as a stream id: it is unknown like any other.
        if (classId == Guid.Empty) return NotFound(classId);
        if (locked is not null) return await DecideLocked(session, classId, caller, decide, traineeId, enrollmentId, seats, locked);
        var stream = await session.Events.FetchForExclusiveWriting<TrainingClass>(classId);
        if (stream.Aggregate is null) return NotFound(classId);
        if (!caller.RunsInstitution(stream.Aggregate.InstitutionId)) return Caller.Forbidden("change another institution's class");
        seats ??= traineeId is null && enrollmentId is null ? [] : await Roster.SeatsAsync(session, classId, traineeId, enrollmentId);
        var decision = decide(ClassSeats.Of(stream.Aggregate, seats));
        if (decision.Refusal is { } refusal) return refusal;
        stream.AppendMany(decision.Events);
        return null;
    }

    static async Task<Refusal?> DecideLocked(IDocumentSession session, Guid classId, Caller caller, Func<ClassSeats, Decision> decide,
        Guid? traineeId, Guid? enrollmentId, IReadOnlyList<Seat>? seats, LockedClass locked)
    {
        if (locked.Class is not { } cls) return NotFound(classId);
        if (!caller.RunsInstitution(cls.InstitutionId)) return Caller.Forbidden("change another institution's class");
        seats ??= traineeId is null && enrollmentId is null ? [] : await Roster.SeatsAsync(session, classId, traineeId, enrollmentId);
        var decision = decide(ClassSeats.Of(cls, seats));
        if (decision.Refusal is { } refusal) return refusal;
        if (decision.Events.Count == 0) return null;
        // What FetchForExclusiveWriting does with what it loads: the snapshot goes into the session's identity map for
        // aggregates, so the inline projection applies the new events to it instead of loading it a second time (a round
        // trip under the lock). Should Marten stop looking there, the projection loads it again: slower, never wrong.
        session.UseIdentityMapFor<TrainingClass>();
        var map = ((IMartenSession)session).ItemMap;
        if (map.TryGetValue(typeof(TrainingClass), out var found) && found is Dictionary<Guid, TrainingClass> classes) classes[classId] = cls;
        else map[typeof(TrainingClass)] = new Dictionary<Guid, TrainingClass> { [classId] = cls };
        // The append checks the version read under the lock (Marten's expected version: the stream's version after these events).
        session.Events.Append(classId, locked.Version + decision.Events.Count, [.. decision.Events]);
        return null;
    }

    /// <summary>
    /// For a batch of the caller's: locks the class's stream row to the end of the transaction, then reads its inline
    /// snapshot, as FetchForExclusiveWriting does. Two statements, not one join: under READ COMMITTED a statement that
    /// waited for the lock re-reads only the locked row, and a joined snapshot would be the one from before the wait (a
    /// full class read as having room); the second statement starts after the lock is held and sees the last commit.
    /// Read them with <see cref="ReadLockedAsync"/>.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> LockCommands(IDocumentSession session, Guid classId)
    {
        var options = session.DocumentStore.Options;
        yield return new($"select version from {options.Events.DatabaseSchemaName}.mt_streams where id = $1 for update")
        {
            Parameters = { new() { Value = classId } }
        };
        yield return new($"select data from {options.DatabaseSchemaName}.mt_doc_trainingclass where id = $1")
        {
            Parameters = { new() { Value = classId } }
        };
    }

    /// <summary>Reads the two results of <see cref="LockCommands"/>, the reader standing at the first.</summary>
    public static async Task<LockedClass> ReadLockedAsync(NpgsqlDataReader reader, ISerializer serializer, CancellationToken cancellation)
    {
        var version = await reader.ReadAsync(cancellation) ? reader.GetInt64(0) : 0;
        await reader.NextResultAsync(cancellation);
        var cls = await reader.ReadAsync(cancellation) ? (TrainingClass)serializer.FromJson(typeof(TrainingClass), reader, 0) : null;
        return new(version == 0 ? null : cls, version);
    }

    static Refusal NotFound(Guid classId) => Refusal.NotFound("id", $"no class {classId}");
}
