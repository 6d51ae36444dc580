using Marten;
using Marten.Schema;
using Npgsql;

namespace Training.Progress;

/// <summary>
/// Fills in the columns the reports added to the fact tables (when each change was recorded; a certificate's class,
/// institution, track and award date) for rows projected before they existed, from the events those rows came from.
/// Runs at every start and changes only rows that still lack them; once they are filled in, it finds nothing to do.
/// </summary>
public sealed class ReportsBackfill(NpgsqlDataSource db) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        await using var batch = db.CreateBatch();
        foreach (var sql in new[]
        {
            $"""
            update {EnrollmentFacts.TableName} f set enrolled_at = e.timestamp
            from {events} e
            where f.enrolled_at is null and e.type = 'trainee_enrolled' and (e.data ->> 'enrollmentId')::uuid = f.enrollment_id
            """,
            $"""
            update {EnrollmentFacts.TableName} f set changed_at = e.timestamp
            from {events} e
            where f.changed_at is null and f.status in ('withdrawn', 'completed')
              and e.type in ('enrollment_withdrawn', 'enrollment_completed') and (e.data ->> 'enrollmentId')::uuid = f.enrollment_id
            """,
            $"""
            update {EnrollmentFacts.TableName} f set changed_at = e.timestamp
            from {events} e
            where f.changed_at is null and f.status = 'cancelled' and e.type = 'class_cancelled' and (e.data ->> 'classId')::uuid = f.class_id
            """,
            $"""
            update {CertificateFacts.TableName} c
            set recorded_at = e.timestamp, awarded_on = (e.data ->> 'awardedOn')::date, class_id = (e.data ->> 'classId')::uuid
            from {events} e
            where c.recorded_at is null and e.type = 'certificate_awarded' and e.data ->> 'certificateNo' = c.certificate_no
            """,
            $"""
            update {CertificateFacts.TableName} c
            set institution_id = (select f.institution_id from {EnrollmentFacts.TableName} f where f.class_id = c.class_id limit 1),
                track = (select f.track from {EnrollmentFacts.TableName} f where f.class_id = c.class_id limit 1)
            where c.class_id is not null and c.institution_id is null
            """,
            $"""
            update {CertificateFacts.TableName} c set revoked_at = e.timestamp
            from {events} e
            where c.revoked_at is null and c.status = 'revoked' and e.type = 'certificate_revoked' and e.data ->> 'certificateNo' = c.certificate_no
            """
        })
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        await batch.ExecuteNonQueryAsync(cancellation);
    }
}
