using System.Buffers.Binary;
using Marten;
using Npgsql;
using Training.Classes;
using Training.Enrollments;

namespace Training.Trainees;

public static class TraineeStream
{
    /// <summary>
    /// Serialises the commands about one person, then reads the person as recorded. The lock is a PostgreSQL advisory lock
    /// held to the end of the transaction, so the next command about this person reads this one's committed events: one
    /// ID number keeps one name, and a new person's stream is started once, however many classes they race into, on one
    /// node or several. Lock order everywhere: the person first, then the class (a class lock is never held while waiting
    /// for a person). One round trip: the lock, the person's events and, given <paramref name="seatsInClass"/>, the person's
    /// seats in that class. Those are exact under the person's lock alone, because a seat is only ever taken under its
    /// person's lock; a withdrawal racing in may free one just after (then the answer is the 409 of a moment earlier).
    /// </summary>
    public static async Task<(Trainee? Trainee, List<Seat> Seats)> LockTrainee(this IDocumentSession session, Guid traineeId,
        Guid? seatsInClass, CancellationToken cancellation = default)
    {
        var (trainee, seats, _) = await session.Lock(traineeId, seatsInClass, lockClass: false, cancellation);
        return (trainee, seats);
    }

    /// <summary>
    /// <see cref="LockTrainee(IDocumentSession, Guid, Guid?, CancellationToken)"/>, then, in the same round trip, the class's
    /// lock and its snapshot (<see cref="ClassStream.LockCommands"/>): a single enrollment takes both locks in the one order,
    /// person first, without a round trip between them. Not for a batch of people (a roster import): it takes every person's
    /// lock before the class's.
    /// </summary>
    public static Task<(Trainee? Trainee, List<Seat> Seats, LockedClass Class)> LockTraineeAndClass(this IDocumentSession session,
        Guid traineeId, Guid classId, CancellationToken cancellation = default) =>
        session.Lock(traineeId, classId, lockClass: true, cancellation)!;

    static async Task<(Trainee? Trainee, List<Seat> Seats, LockedClass? Class)> Lock(this IDocumentSession session, Guid traineeId,
        Guid? seatsInClass, bool lockClass, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        await using var batch = new NpgsqlBatch(session.Connection)
        {
            BatchCommands =
            {
                new("select pg_advisory_xact_lock($1)") { Parameters = { new() { Value = LockKey(traineeId) } } },
                new($"""
                    select type, data from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
                    where stream_id = $1 and is_archived = false order by version
                    """) { Parameters = { new() { Value = traineeId } } }
            }
        };
        if (seatsInClass is { } classId) batch.BatchCommands.Add(Roster.SeatsCommand(classId, traineeId, null));
        if (lockClass) foreach (var command in ClassStream.LockCommands(session, seatsInClass!.Value)) batch.BatchCommands.Add(command);

        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.NextResultAsync(cancellation); // past the lock's one empty row
        var serializer = session.DocumentStore.Options.Serializer();
        Trainee? trainee = null;
        while (await reader.ReadAsync(cancellation))
        {
            var type = reader.GetString(0);
            trainee = (type, trainee) switch
            {
                ("person_identified", _) => Trainee.Create((PersonIdentified)serializer.FromJson(typeof(PersonIdentified), reader, 1)),
                ("phone_recorded", { } t) => t.Apply((PhoneRecorded)serializer.FromJson(typeof(PhoneRecorded), reader, 1)),
                ("personal_data_disclosed", { } t) => t.Apply((PersonalDataDisclosed)serializer.FromJson(typeof(PersonalDataDisclosed), reader, 1)),
                _ => throw new InvalidOperationException($"a trainee's stream holds {type}, which {nameof(TraineeStream)} does not know")
            };
        }
        var seats = new List<Seat>();
        if (seatsInClass is not null && await reader.NextResultAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) seats.Add(Roster.ReadSeat(reader));
        var cls = lockClass && await reader.NextResultAsync(cancellation)
            ? await ClassStream.ReadLockedAsync(reader, serializer, cancellation)
            : null;
        return (trainee, seats, cls);
    }

    public static async Task<Trainee?> LockTrainee(this IDocumentSession session, Guid traineeId, CancellationToken cancellation = default) =>
        (await session.LockTrainee(traineeId, null, cancellation)).Trainee;

    /// <summary>64 bits of the (keyed, uniformly spread) trainee id; two people sharing a key only queue behind each other.</summary>
    public static long LockKey(Guid traineeId) => BinaryPrimitives.ReadInt64LittleEndian(traineeId.ToByteArray());
}
