using Marten;
using Marten.Schema;
using Npgsql;

namespace Training.Enrollments;

/// <summary>
/// Class snapshots recorded before the roster moved out of them still carry it (<c>enrollments</c>, with names): this moves
/// those seats into <see cref="Roster"/> and leaves the snapshot its counts, in one transaction. Runs at every start and
/// touches only snapshots that still have a roster; once they are done, it finds nothing to do.
/// </summary>
public sealed class RosterUpgrade(NpgsqlDataSource db) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var classes = $"{store.Options.DatabaseSchemaName}.mt_doc_trainingclass";
        await using var connection = await db.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"""
                    insert into {Roster.TableName} (enrollment_id, class_id, trainee_id, name, id_number_masked, groups, enrolled_on, status,
                      passed, completed_on)
                    select (s ->> 'enrollmentId')::uuid, d.id, (s ->> 'traineeId')::uuid, s ->> 'name', s ->> 'idNumberMasked',
                      array(select jsonb_array_elements_text(coalesce(s -> 'groups', '[]'))), (s ->> 'enrolledOn')::date, s ->> 'status',
                      (s ->> 'passed')::boolean, (s ->> 'completedOn')::date
                    from {classes} d cross join jsonb_array_elements(d.data -> 'enrollments') s
                    where d.data ? 'enrollments'
                    on conflict (enrollment_id) do nothing
                    """),
                new($"""
                    update {classes} d set data = (d.data - 'enrollments') || jsonb_build_object(
                      'active', (select count(*) from jsonb_array_elements(d.data -> 'enrollments') s where s ->> 'status' = 'active'),
                      'completed', (select count(*) from jsonb_array_elements(d.data -> 'enrollments') s where s ->> 'status' = 'completed'))
                    where d.data ? 'enrollments'
                    """)
            }
        };
        await batch.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }
}
