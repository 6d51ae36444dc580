using System.Buffers.Binary;
using Marten;
using Npgsql;

namespace Training.Trainees;

public static class TraineeStream
{
    /// <summary>
    /// Serialises the commands about one person, then reads the person as recorded. The lock is a PostgreSQL advisory lock
    /// held to the end of the transaction, so the next command about this person reads this one's committed events: one
    /// ID number keeps one name, and a new person's stream is started once, however many classes they race into, on one
    /// node or several. Lock order everywhere: the person first, then the class (a class lock is never held while waiting
    /// for a person).
    /// </summary>
    public static async Task<Trainee?> LockTrainee(this IDocumentSession session, Guid traineeId, CancellationToken cancellation = default)
    {
        await session.BeginTransactionAsync(cancellation);
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", session.Connection);
        command.Parameters.Add(new NpgsqlParameter { Value = LockKey(traineeId) });
        await command.ExecuteNonQueryAsync(cancellation);
        return await session.Events.AggregateStreamAsync<Trainee>(traineeId, token: cancellation);
    }

    /// <summary>64 bits of the (keyed, uniformly spread) trainee id; two people sharing a key only queue behind each other.</summary>
    public static long LockKey(Guid traineeId) => BinaryPrimitives.ReadInt64LittleEndian(traineeId.ToByteArray());
}
