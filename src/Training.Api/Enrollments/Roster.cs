using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using Training.Classes;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Training.Enrollments;

/// <summary>A line of a class's roster, ID number masked.</summary>
public sealed record RosterLine(
    Guid EnrollmentId, Guid TraineeId, string Name, string IdNumberMasked, string Status, string[] Groups, DateOnly EnrolledOn,
    bool? Passed, DateOnly? CompletedOn);

/// <summary>
/// The rosters: one row per enrollment, written inline with the event that changes it, so a roster read right after a
/// command sees it. The same rows give a command on a class the seats it names (<see cref="SeatsAsync"/>), read under the
/// class's lock: every change to a class's rows is made under that lock.
/// </summary>
public sealed partial class Roster : EventProjection
{
    public const string TableName = "training.roster"; // kept in step with Table() below

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("training", "roster", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("enrollment_id").AsPrimaryKey();
        table.AddColumn<Guid>("class_id").NotNull();
        table.AddColumn<Guid>("trainee_id").NotNull();
        table.AddColumn("name", "text").NotNull();
        table.AddColumn("id_number_masked", "text").NotNull();
        table.AddColumn("groups", "text[]").NotNull();
        table.AddColumn("enrolled_on", "date").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn<bool>("passed");
        table.AddColumn("completed_on", "date");
        table.Indexes.Add(new IndexDefinition("ix_roster_class_trainee") { Columns = ["class_id", "trainee_id"] });
        return table;
    }

    // "on conflict" keeps a replay of the same event (a projection rebuild) from failing.
    public void Project(TraineeEnrolled e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"""
            insert into {TableName} (enrollment_id, class_id, trainee_id, name, id_number_masked, groups, enrolled_on, status)
            values (?, ?, ?, ?, ?, ?, ?, '{EnrollmentStatus.Active}') on conflict (enrollment_id) do nothing
            """, e.EnrollmentId, e.ClassId, e.TraineeId, e.Name, e.IdNumberMasked, e.Groups, e.EnrolledOn);

    public void Project(EnrollmentWithdrawn e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Withdrawn}' where enrollment_id = ?", e.EnrollmentId);

    public void Project(EnrollmentCompleted e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Completed}', passed = ?, completed_on = ? where enrollment_id = ?",
            e.Passed, e.CompletedOn, e.EnrollmentId);

    public void Project(ClassCancelled e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Cancelled}' where class_id = ? and status = '{EnrollmentStatus.Active}'",
            e.ClassId);

    /// <summary>The seats of one class held by <paramref name="traineeId"/>, or the one <paramref name="enrollmentId"/> names.</summary>
    public static async Task<List<Seat>> SeatsAsync(IDocumentSession session, Guid classId, Guid? traineeId = null, Guid? enrollmentId = null)
    {
        await using var batch = new NpgsqlBatch(session.Connection) { BatchCommands = { SeatsCommand(classId, traineeId, enrollmentId) } };
        var seats = new List<Seat>();
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync()) seats.Add(ReadSeat(reader));
        return seats;
    }

    public static NpgsqlBatchCommand SeatsCommand(Guid classId, Guid? traineeId, Guid? enrollmentId) => new($"""
        select enrollment_id, trainee_id, status from {TableName}
        where class_id = $1 and (trainee_id = $2 or enrollment_id = $3)
        """)
    {
        Parameters =
        {
            new() { Value = classId },
            new() { Value = (object?)traineeId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            new() { Value = (object?)enrollmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid }
        }
    };

    public static Seat ReadSeat(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));

    public static async Task<List<RosterLine>> OfClassAsync(NpgsqlDataSource db, Guid classId, CancellationToken cancellation)
    {
        await using var command = db.CreateCommand($"""
            select enrollment_id, trainee_id, name, id_number_masked, status, groups, enrolled_on, passed, completed_on
            from {TableName} where class_id = $1 order by enrollment_id
            """);
        command.Parameters.Add(new() { Value = classId });
        var lines = new List<RosterLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            lines.Add(new RosterLine(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetFieldValue<DateOnly>(6), reader.IsDBNull(7) ? null : reader.GetBoolean(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8)));
        return lines;
    }
}
