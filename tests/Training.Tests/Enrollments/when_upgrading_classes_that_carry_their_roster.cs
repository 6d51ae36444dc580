using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Enrollments;
using Training.Tests.Support;

namespace Training.Tests.Enrollments;

/// <summary>
/// Class snapshots of earlier releases carried the roster. This test turns today's snapshot and roster rows back into
/// that shape behind the service's back (as an old database has them), runs the upgrade, and reads the same answers.
/// </summary>
public class when_upgrading_classes_that_carry_their_roster(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_upgrade_moves_the_roster_out_and_keeps_the_counts()
    {
        var classId = await Api.NewClass(capacity: 3);
        var withdrawn = await Api.Enroll(classId, People.IdNumber(1), "张三");
        var completed = await Api.Enroll(classId, People.IdNumber(2), "李四");
        await Api.Enroll(classId, People.IdNumber(3), "王五");
        await Api.Withdraw(classId, withdrawn.EnrollmentId);
        await Api.Complete(classId, completed.EnrollmentId, passed: false);
        var before = (await Api.Class(classId), await Api.Roster(classId));

        await Execute($"""
            update training.mt_doc_trainingclass d set data = (d.data - 'active' - 'completed') || jsonb_build_object('enrollments',
              (select jsonb_agg(jsonb_build_object('enrollmentId', enrollment_id, 'traineeId', trainee_id, 'name', name,
                 'idNumberMasked', id_number_masked, 'groups', to_jsonb(groups), 'enrolledOn', enrolled_on, 'status', status,
                 'passed', passed, 'completedOn', completed_on) order by enrollment_id) from {Roster.TableName} r where r.class_id = d.id))
            """);
        await Execute($"truncate {Roster.TableName}");
        (await Api.Roster(classId)).Should().BeEmpty("the old shape has no roster rows");

        await new RosterUpgrade(Host.Services.GetRequiredService<NpgsqlDataSource>()).Populate(Host.Services.GetRequiredService<IDocumentStore>(), default);

        (await Api.Class(classId), await Api.Roster(classId)).Should().BeEquivalentTo(before);
        await Api.Enroll(classId, People.IdNumber(4), "赵六");
        (await Api.TryEnroll(classId, People.IdNumber(5), "钱七")).StatusCode.Should().Be(System.Net.HttpStatusCode.Conflict, "the class is full again");
        (await Api.Class(classId)).Enrolled.Should().Be(3);
    }

    async Task Execute(string sql)
    {
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
