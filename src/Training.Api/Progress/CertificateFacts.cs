using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Training.Catalogue;
using Training.Certificates;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Training.Progress;

/// <summary>
/// One row per certificate, kept inline like <see cref="EnrollmentFacts"/> and, like it, indexed for reads by person only.
/// The class it followed brings its institution and track; recorded_at and revoked_at (the events' timestamps) tell
/// whether it was valid at a past moment.
/// </summary>
public sealed partial class CertificateFacts : EventProjection
{
    public const string TableName = "training.certificate_facts"; // kept in step with Table() below

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("training", "certificate_facts", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("certificate_no", "text").AsPrimaryKey();
        table.AddColumn<Guid>("trainee_id").NotNull();
        table.AddColumn("programme", "text").NotNull();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("region_code", "text").NotNull();
        table.AddColumn("city_code", "text");
        table.AddColumn("province_code", "text").NotNull();
        table.AddColumn<int>("year").NotNull();
        table.AddColumn("status", "text").NotNull();
        // Added after the first release, so nullable; ReportsBackfill fills them in from the events for older rows.
        table.AddColumn("awarded_on", "date");
        table.AddColumn<Guid>("class_id");
        table.AddColumn<Guid>("institution_id");
        table.AddColumn("track", "text");
        table.AddColumn("recorded_at", "timestamptz");
        table.AddColumn("revoked_at", "timestamptz");
        table.Indexes.Add(new IndexDefinition("ix_certificate_facts_trainee") { Columns = ["trainee_id", "programme"] });
        return table;
    }

    public void Project(IEvent<CertificateAwarded> @event, IDocumentOperations ops)
    {
        var e = @event.Data;
        var region = new Region(e.RegionCode, "");
        // The class's institution and track come from its enrollment rows: the holder was enrolled in it (AwardCertificate checks).
        ops.QueueSqlCommand($"""
            insert into {TableName} (certificate_no, trainee_id, programme, kind, region_code, city_code, province_code, year, status,
              awarded_on, class_id, institution_id, track, recorded_at)
            select ?, ?, ?, ?, ?, ?, ?, ?, '{CertificateStatus.Valid}', ?, c.class_id,
              (select f.institution_id from {EnrollmentFacts.TableName} f where f.class_id = c.class_id limit 1),
              (select f.track from {EnrollmentFacts.TableName} f where f.class_id = c.class_id limit 1), ?
            from (select ?::uuid as class_id) c
            on conflict (certificate_no) do nothing
            """,
            e.CertificateNo, e.TraineeId, e.Programme, e.Kind, e.RegionCode, (object?)region.CityCode ?? DBNull.Value,
            region.ProvinceCode, e.AwardedOn.Year, e.AwardedOn, EnrollmentFacts.RecordedAt(@event), (object?)e.ClassId ?? DBNull.Value);
    }

    public void Project(IEvent<CertificateRevoked> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{CertificateStatus.Revoked}', revoked_at = ? where certificate_no = ?",
            EnrollmentFacts.RecordedAt(e), e.Data.CertificateNo);
}
