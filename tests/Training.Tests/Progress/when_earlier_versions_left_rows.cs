using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Progress;

/// <summary>Earlier versions also wrote running totals (grain 0) and count rows for all programmes: no read counts them.</summary>
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
}
