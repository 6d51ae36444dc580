using System.Net;
using Training.Progress;
using Training.Targets;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_reading_progress_over_a_plan_period(TrainingHost fixture) : ReportsContext(fixture)
{
    [Fact]
    public async Task dongyuans_cumulative_figures_are_measured_against_its_2021_2025_targets_year_by_year()
    {
        ClockAt(2025, 7, 2); // midway through the plan's last year
        var in2024 = await Api.ClassIn("441625", "2024-05-06");
        var in2025 = await Api.ClassIn("441625", "2025-03-03");
        var housekeeping = await Api.ClassIn("441625", "2025-04-01", "jiazheng", "yanglao");
        await Api.EnrollMany(in2024, 1, 3);
        await Api.EnrollMany(in2025, 1, 2); // the same two people again: two more person-times, no new trainees
        await Api.EnrollMany(housekeeping, 10, 4);
        await Api.Award(People.IdNumber(1), "学员1", awardedOn: "2024-06-01", classId: in2024, regionCode: null);
        await Api.Award(People.IdNumber(10), "学员10", programme: "jiazheng", awardedOn: "2025-05-01", classId: housekeeping, regionCode: null);

        var plan = await Api.Period("441625", "2021-2025");

        plan.Should().BeEquivalentTo(new { RegionName = "东源县", FromYear = 2021, ToYear = 2025, AsOf = new DateOnly(2025, 7, 2) });
        plan.ElapsedPercent.Should().Be(Pace.Percent(Pace.ElapsedFraction(new TargetPeriod(2021, 2025), new DateOnly(2025, 7, 2))));
        var yuecai = plan.Programmes.Single(p => p.Programme == "yuecai");
        yuecai.Should().BeEquivalentTo(new { Enrolled = 5, UniqueTrainees = 3, Certified = 1 });
        yuecai.Years.Select(y => (y.Year, y.Enrolled, y.UniqueTrainees)).Should().Equal((2021, 0, 0), (2022, 0, 0), (2023, 0, 0), (2024, 3, 3), (2025, 2, 2));
        yuecai.Targets.Select(t => t.Measure).Should().Equal("enrolled", "employed"); // the plan's 1000 trained and 500 into work
        yuecai.Targets[0].Should().BeEquivalentTo(new
        {
            Measure = "enrolled", Target = 1000, Figure = 5, PercentOfTarget = 0.5m, FromYear = 2021, ToYear = 2025, Pace = "behind", Derived = false
        });
        yuecai.Targets[0].Source.Should().StartWith("东府〔2023〕99号");
        plan.Programmes.Single(p => p.Programme == "jiazheng").Targets.Single(t => t.Measure == "enrolled")
            .Should().BeEquivalentTo(new { Target = 2000, Figure = 4 });
        plan.All.Should().BeEquivalentTo(new { Programme = "all", Enrolled = 9, UniqueTrainees = 7, Certified = 2 });
        plan.All.Targets.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Measure = "certified", Target = 1000, Figure = 2 });
        plan.All.Years.Sum(y => y.Enrolled).Should().Be(plan.All.Enrolled);
    }

    [Fact]
    public async Task a_cumulative_target_counts_across_a_year_boundary()
    {
        await Api.SetTarget("441625", "jigong", "2025-2026", 100);
        await Api.EnrollMany(await Api.ClassIn("441625", "2025-12-20", "jigong"), 1, 3);
        await Api.EnrollMany(await Api.ClassIn("441625", "2026-01-05", "jigong"), 4, 2);

        var span = (await Api.Period("441625", "2025-2026")).Programmes.Single(p => p.Programme == "jigong");

        span.Years.Select(y => (y.Year, y.Enrolled)).Should().Equal((2025, 3), (2026, 2));
        var target = span.Targets.Should().ContainSingle().Subject;
        // 2026-06-15 is day 365 + 166 of 730: 72.7 % of the way, so 72.7 of 100 expected and 5 is behind.
        target.Should().BeEquivalentTo(new { Target = 100, Figure = 5, PercentOfTarget = 5.0m, ElapsedPercent = 72.7m, Expected = 72.7m, Pace = "behind" });
        (await Api.YearReport("441625", 2026)).Programmes.Single(p => p.Programme == "jigong").Target.Should().BeNull(
            "a span's target is not any one year's");
    }

    [Fact]
    public async Task a_span_of_yearly_targets_is_measured_against_their_sum()
    {
        await Api.EnrollMany(await Api.ClassIn("441621", "2026-02-01"), 1, 2);

        var heyuan = await Api.Period("441600", "2023-2027");

        var yuecai = heyuan.Programmes.Single(p => p.Programme == "yuecai");
        yuecai.Targets.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Target = 5000, Figure = 2, Derived = true });
        yuecai.Years.Single(y => y.Year == 2026).Targets.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Target = 1000, Figure = 2, FromYear = 2026, ToYear = 2026, Derived = false });
    }

    [Fact]
    public async Task a_region_with_no_data_answers_zeros()
    {
        var heping = await Api.Period("441624", "2021-2025");
        heping.Programmes.Select(p => p.Programme).Should().Equal("yuecai", "jiazheng", "jigong");
        heping.Programmes.Append(heping.All).Should().OnlyContain(p => p.Enrolled == 0 && p.Certified == 0 && p.Targets.Count == 0
                                                                        && p.Years.Count == 5);
    }

    [Theory]
    [InlineData("2026-2025")]
    [InlineData("2016-2026")]
    [InlineData("2021to2025")]
    public async Task a_bad_period_is_refused(string period) =>
        await (await Api.Send(HttpMethod.Get, $"/api/progress/441625/period/{period}")).ShouldBeProblem(HttpStatusCode.BadRequest, "period");

    [Fact]
    public async Task an_unknown_region_is_not_found() =>
        await (await Api.Send(HttpMethod.Get, "/api/progress/449999/period/2021-2025")).ShouldBeProblem(HttpStatusCode.NotFound, "regionCode");
}
