using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Training.Catalogue;
using Training.Classes;
using Training.Enrollments;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Training.Progress;

/// <summary>
/// One row per enrollment, kept inline with the events that change it, so a person's record (their enrollments, the
/// regions whose bureaus may reveal them, what an employment outcome follows) is right the moment the command is
/// acknowledged. Each command touches only its own rows. Progress is counted by <see cref="ProgressProjection"/>, not
/// from these rows, so they are indexed for reads by person and by class only: an index per region level would cost every
/// enrollment three more index entries that no query reads.
/// </summary>
public sealed partial class EnrollmentFacts : EventProjection
{
    public const string TableName = "training.enrollment_facts"; // kept in step with Table() below

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("training", "enrollment_facts", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("enrollment_id").AsPrimaryKey();
        table.AddColumn<Guid>("class_id").NotNull();
        table.AddColumn<Guid>("institution_id").NotNull();
        table.AddColumn<Guid>("trainee_id").NotNull();
        table.AddColumn("programme", "text").NotNull();
        table.AddColumn("track", "text");
        table.AddColumn("region_code", "text").NotNull();
        table.AddColumn("city_code", "text");
        table.AddColumn("province_code", "text").NotNull();
        table.AddColumn<int>("year").NotNull();
        table.AddColumn("start_date", "date").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn<bool>("passed");
        table.AddColumn("completed_on", "date");
        // Added after the first release, so nullable; ReportsBackfill fills them in from the events for older rows.
        table.AddColumn("enrolled_at", "timestamptz");
        table.AddColumn("changed_at", "timestamptz");
        table.Indexes.Add(new IndexDefinition("ix_enrollment_facts_class") { Columns = ["class_id"] });
        table.Indexes.Add(new IndexDefinition("ix_enrollment_facts_trainee") { Columns = ["trainee_id"] });
        return table;
    }

    public void Project(IEvent<TraineeEnrolled> @event, IDocumentOperations ops)
    {
        var e = @event.Data;
        var region = new Region(e.RegionCode, "");
        // "on conflict" keeps a replay of the same event (a projection rebuild) from failing or counting twice.
        ops.QueueSqlCommand($"""
            insert into {TableName} (enrollment_id, class_id, institution_id, trainee_id, programme, track, region_code,
              city_code, province_code, year, start_date, status, enrolled_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{EnrollmentStatus.Active}', ?)
            on conflict (enrollment_id) do nothing
            """,
            e.EnrollmentId, e.ClassId, e.InstitutionId, e.TraineeId, e.Programme, (object?)e.Track ?? DBNull.Value,
            e.RegionCode, (object?)region.CityCode ?? DBNull.Value, region.ProvinceCode, e.ClassStartDate.Year,
            e.ClassStartDate, RecordedAt(@event));
    }

    public void Project(IEvent<EnrollmentWithdrawn> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Withdrawn}', changed_at = ? where enrollment_id = ?",
            RecordedAt(e), e.Data.EnrollmentId);

    public void Project(IEvent<EnrollmentCompleted> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Completed}', passed = ?, completed_on = ?, changed_at = ? where enrollment_id = ?",
            e.Data.Passed, e.Data.CompletedOn, RecordedAt(e), e.Data.EnrollmentId);

    public void Project(IEvent<ClassCancelled> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{EnrollmentStatus.Cancelled}', changed_at = ? where class_id = ? and status = '{EnrollmentStatus.Active}'",
            RecordedAt(e), e.Data.ClassId);

    /// <summary>When the service recorded the event (its transaction time), as PostgreSQL's timestamptz wants it: in UTC.</summary>
    internal static DateTimeOffset RecordedAt(IEvent e) => e.Timestamp.ToUniversalTime();
}
