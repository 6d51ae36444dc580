using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Reports;
using Training.Tests.Support;

namespace Training.Tests.Progress;

/// <summary>
/// The projection writes a day's deltas to the day's rows only, and adds them to their month's once a later day begins
/// (ProgressTables.RolledUntil). Every read, with and without an as-of day, counts each delta once across those steps, an
/// event recorded with an earlier day than one already rolled up included; and a rebuild leaves the same rows.
/// </summary>
public class when_days_roll_up_into_months(TrainingHost fixture) : ReportsContext(fixture)
{
    [Fact]
    public async Task every_read_counts_each_day_once_before_and_after_its_month_holds_it()
    {
        var classId = await Api.NewClass("441625");
        ClockAt(2026, 6, 29);
        var first = await Api.Enroll(classId, People.IdNumber(1), "学员1");
        await Api.Enroll(classId, People.IdNumber(2), "学员2");
        ClockAt(2026, 7, 1);
        await Api.Enroll(classId, People.IdNumber(3), "学员3");
        (await Api.Withdraw(classId, first.EnrollmentId)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Api.YearReport("441625", 2026); // the projection has passed 1 July, so 29 June is in June's row
        // Recorded with the day before, after that day was rolled up: a transaction that began before midnight and committed
        // after it does that.
        ClockAt(2026, 6, 30, 23, 59, 59);
        await Api.Enroll(classId, People.IdNumber(4), "学员4");
        ClockAt(2026, 7, 2);
        await Api.Enroll(classId, People.IdNumber(5), "学员5");

        async Task<(int Enrolled, int Withdrawn, int Unique)> Yuecai(string region, string? asOf)
        {
            var p = (await Api.YearReport(region, 2026, asOf)).Programmes.Single(p => p.Programme == "yuecai");
            return (p.Enrolled, p.Withdrawn, p.UniqueTrainees);
        }
        foreach (var region in new[] { "441625", "441600", "440000" })
        {
            (await Yuecai(region, "2026-06-28")).Should().Be((0, 0, 0), region);
            (await Yuecai(region, "2026-06-29")).Should().Be((2, 0, 2), region);
            (await Yuecai(region, "2026-06-30")).Should().Be((3, 0, 3), region);
            (await Yuecai(region, "2026-07-01")).Should().Be((3, 1, 3), region);
            (await Yuecai(region, "2026-07-02")).Should().Be((4, 1, 4), region);
            (await Yuecai(region, null)).Should().Be((4, 1, 4), region);
        }
        var breakdown = await Api.Breakdown("441600", 2026, "all", "2026-06-30");
        breakdown.ByRegion.Single(r => r.Code == "441625").Enrolled.Should().Be(3);
        breakdown.ByMonth.Sum(m => m.Enrolled).Should().Be(3);
        (await Api.Breakdown("441600", 2026, "yuecai")).ByInstitution.Sum(i => i.Enrolled).Should().Be(4);

        // What the step saves: July's month row holds 1 July (the third enrollment, the withdrawal) but not 2 July, which is
        // still only in its day's row.
        await using (var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"""
            select grain, enrolled, withdrawn from {ProgressTables.Counts}
            where region = '441625' and programme = 'yuecai' and split = '' and day in ('2026-07-01', '2026-07-02') order by grain, day
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var rows = new List<(short, int, int)>();
            while (await reader.ReadAsync()) rows.Add((reader.GetInt16(0), reader.GetInt32(1), reader.GetInt32(2)));
            rows.Should().Equal([(ProgressTables.Month, 0, 1), (ProgressTables.Day, 0, 1), (ProgressTables.Day, 1, 0)]);
        }

        var db = Host.Services.GetRequiredService<NpgsqlDataSource>();
        var live = await when_rebuilding_progress.Snapshot(db);
        await new ProgressRebuild(db, new StringWriter()).RunAsync(2, CancellationToken.None);
        (await when_rebuilding_progress.Snapshot(db)).Should().Equal(live, "a rebuild leaves the live projection's rows, rolled up to the same day");
        (await Yuecai("440000", "2026-06-30")).Should().Be((3, 0, 3));
        (await Yuecai("440000", null)).Should().Be((4, 1, 4));
    }
}
