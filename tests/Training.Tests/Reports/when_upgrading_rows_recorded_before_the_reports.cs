using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Reports;

/// <summary>
/// Fact rows projected by the first release lack the columns the reports added. The backfill derives them from the
/// events those rows came from; this test blanks them behind the service's back (as an old database has them) to check it.
/// </summary>
public class when_upgrading_rows_recorded_before_the_reports(TrainingHost fixture) : ReportsContext(fixture)
{
    [Fact]
    public async Task the_backfill_derives_the_new_columns_from_the_events()
    {
        var classId = await Api.RegisterClass(await Api.RegisterInstitution("441625"), track: "kejia");
        var cancelled = await Api.NewClass("441621");
        var people = await Api.EnrollMany(classId, 1, 3);
        await Api.EnrollMany(cancelled, 10, 1);
        var certificate = await Api.Award(People.IdNumber(1), "学员1", classId: classId, regionCode: null);
        await Api.Award(People.IdNumber(50), "学员50", regionCode: "441622");
        ClockAt(2026, 6, 17);
        await Api.Withdraw(classId, people[0].EnrollmentId);
        await Api.Complete(classId, people[1].EnrollmentId);
        await Api.Cancel(cancelled);
        await Api.Revoke(certificate);

        const string enrollments = $"select enrollment_id, enrolled_at, changed_at from {EnrollmentFacts.TableName} order by enrollment_id";
        const string certificates = $"""
            select certificate_no, recorded_at, revoked_at, awarded_on, class_id, institution_id, track
            from {CertificateFacts.TableName} order by certificate_no
            """;
        var before = (await Rows(enrollments), await Rows(certificates));
        before.Item1.Should().HaveCount(4).And.OnlyContain(r => r[1] != null);
        before.Item2.Should().Contain(r => r[3] != null && r[5] != null && (string?)r[6] == "kejia");

        await Execute($"update {EnrollmentFacts.TableName} set enrolled_at = null, changed_at = null");
        await Execute($"""
            update {CertificateFacts.TableName}
            set recorded_at = null, revoked_at = null, awarded_on = null, class_id = null, institution_id = null, track = null
            """);
        await new ReportsBackfill(Services.GetRequiredService<NpgsqlDataSource>()).Populate(Services.GetRequiredService<IDocumentStore>(), default);

        (await Rows(enrollments), await Rows(certificates)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    IServiceProvider Services => Host.Services;

    async Task Execute(string sql)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    async Task<List<object?[]>> Rows(string sql)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
