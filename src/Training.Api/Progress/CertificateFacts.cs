using Marten;
using Marten.Events.Projections;
using Training.Catalogue;
using Training.Certificates;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Training.Progress;

/// <summary>One row per certificate, kept inline like <see cref="EnrollmentFacts"/>; progress counts the valid ones.</summary>
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
        table.Indexes.Add(new IndexDefinition("ix_certificate_facts_region") { Columns = ["region_code", "year"] });
        table.Indexes.Add(new IndexDefinition("ix_certificate_facts_city") { Columns = ["city_code", "year"] });
        table.Indexes.Add(new IndexDefinition("ix_certificate_facts_province") { Columns = ["province_code", "year"] });
        table.Indexes.Add(new IndexDefinition("ix_certificate_facts_trainee") { Columns = ["trainee_id", "programme"] });
        return table;
    }

    public void Project(CertificateAwarded e, IDocumentOperations ops)
    {
        var region = new Region(e.RegionCode, "");
        ops.QueueSqlCommand($"""
            insert into {TableName} (certificate_no, trainee_id, programme, kind, region_code, city_code, province_code, year, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, '{CertificateStatus.Valid}')
            on conflict (certificate_no) do nothing
            """,
            e.CertificateNo, e.TraineeId, e.Programme, e.Kind, e.RegionCode, (object?)region.CityCode ?? DBNull.Value,
            region.ProvinceCode, e.AwardedOn.Year);
    }

    public void Project(CertificateRevoked e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {TableName} set status = '{CertificateStatus.Revoked}' where certificate_no = ?", e.CertificateNo);
}
