using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Progress;

/// <summary>
/// Earlier versions also wrote running totals (grain 0) and count rows for all programmes: no read counts them. They wrote
/// every day's delta to its month's row as well, and kept no rolled-up day: each of those deltas counts once.
/// </summary>
public class when_earlier_versions_left_rows(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_rows_no_longer_written_are_not_counted()
    {
        var classId = await Api.NewClass();
        await Api.Enroll(classId, People.IdNumber(1));
        await using (var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"""
            insert into {ProgressTables.Counts} (region, programme, year, split, code, grain, day, enrolled, completed, withdrawn, cancelled, certified, employed)
            select r, p, 2026, s.split, s.code, x.grain, x.day, 1000, 0, 0, 0, 0, 0
            from unnest(array['441625', '441600', '440000']) r, unnest(array['yuecai', 'all']) p,
              (values (0::smallint, date '-infinity'), (1::smallint, date '2026-01-01')) x(grain, day),
              (values ('{ProgressTables.Whole}', ''), ('{ProgressTables.ByMonth}', '1')) s(split, code)
            where p = 'all' or x.grain = 0
            """))
            (await command.ExecuteNonQueryAsync()).Should().Be(18);
        // A new event, so no read answers from what it kept before the rows went in.
        await Api.Enroll(classId, People.IdNumber(2), "李四");

        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(2);
        var city = await Api.Breakdown("441600", 2026, "all");
        city.Total.Enrolled.Should().Be(2);
        city.ByRegion.Single(r => r.Code == "441625").Enrolled.Should().Be(2);
        city.ByMonth.Sum(m => m.Enrolled).Should().Be(2);
    }

    [Fact]
    public async Task the_days_they_wrote_to_both_rows_count_once()
    {
        // Today's and an earlier day's deltas, each in its day's row and its month's, and no rolled-up day: as before.
        await using (var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"""
            insert into {ProgressTables.Counts} (region, programme, year, split, code, grain, day, enrolled, completed, withdrawn, cancelled, certified, employed)
            select '441625', 'yuecai', 2026, '{ProgressTables.Whole}', '', x.grain, x.day, x.enrolled, 0, 0, 0, 0, 0
            from (values (1::smallint, date '2026-06-01', 2000), (2::smallint, date '2026-06-10', 1000), (2::smallint, date '2026-06-15', 1000))
              x(grain, day, enrolled)
            """))
            (await command.ExecuteNonQueryAsync()).Should().Be(3);
        await Api.Enroll(await Api.NewClass("441625"), People.IdNumber(1)); // recorded today, 15 June

        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(2001);
        (await Api.Get<Training.Progress.RegionProgress>("/api/progress/441625/2026?asOf=2026-06-15")).Programmes
            .Single(p => p.Programme == "yuecai").Enrolled.Should().Be(2001);
        (await Api.Get<Training.Progress.RegionProgress>("/api/progress/441625/2026?asOf=2026-06-14")).Programmes
            .Single(p => p.Programme == "yuecai").Enrolled.Should().Be(1000);
    }
}
