using System.Net;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_asking_as_of_a_past_date(TrainingHost fixture) : ReportsContext(fixture)
{
    [Fact]
    public async Task a_withdrawal_recorded_later_does_not_change_the_answer_for_an_earlier_day()
    {
        var classId = await Api.NewClass("441625");
        var enrolled = await Api.EnrollMany(classId, 1, 2); // recorded on 15 June
        ClockAt(2026, 6, 17, 9);
        (await Api.Withdraw(classId, enrolled[0].EnrollmentId)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        async Task<(int Enrolled, int Withdrawn, int Unique)> Yuecai(string? asOf)
        {
            var p = (await Api.YearReport("441600", 2026, asOf)).Programmes.Single(p => p.Programme == "yuecai");
            return (p.Enrolled, p.Withdrawn, p.UniqueTrainees);
        }
        (await Yuecai("2026-06-14")).Should().Be((0, 0, 0), "nothing was recorded yet");
        (await Yuecai("2026-06-15")).Should().Be((2, 0, 2));
        (await Yuecai("2026-06-16")).Should().Be((2, 0, 2), "the withdrawal was recorded on the 17th");
        (await Yuecai("2026-06-17")).Should().Be((1, 1, 1));
        (await Yuecai(null)).Should().Be((1, 1, 1));

        (await Api.Period("441625", "2025-2026", "2026-06-16")).Programmes.Single(p => p.Programme == "yuecai").Enrolled.Should().Be(2);
        (await Api.Period("441625", "2025-2026")).Programmes.Single(p => p.Programme == "yuecai").Enrolled.Should().Be(1);
        var before = await Api.Breakdown("441600", 2026, "yuecai", "2026-06-16");
        before.Total.Enrolled.Should().Be(2);
        before.ByRegion.Single(r => r.Code == "441625").Should().BeEquivalentTo(new { Enrolled = 2, Withdrawn = 0 });
        (await Api.Breakdown("441600", 2026, "yuecai", "2026-06-17")).ByRegion.Single(r => r.Code == "441625")
            .Should().BeEquivalentTo(new { Enrolled = 1, Withdrawn = 1 });
    }

    [Fact]
    public async Task the_day_ends_at_midnight_china_standard_time()
    {
        var classId = await Api.NewClass("441625");
        ClockAt(2026, 6, 15, 23, 59, 59);
        var enrolled = await Api.Enroll(classId, People.IdNumber(1));
        ClockAt(2026, 6, 16, 0, 0, 0);
        await Api.Withdraw(classId, enrolled.EnrollmentId);

        (await Api.YearReport("441625", 2026, "2026-06-15")).Programmes.Single(p => p.Programme == "yuecai").Enrolled.Should().Be(1);
        (await Api.YearReport("441625", 2026, "2026-06-16")).Programmes.Single(p => p.Programme == "yuecai").Enrolled.Should().Be(0);
    }

    [Fact]
    public async Task completions_cancellations_and_revocations_count_from_the_day_they_were_recorded()
    {
        var classId = await Api.NewClass("441625");
        var other = await Api.NewClass("441625");
        var people = await Api.EnrollMany(classId, 1, 3);
        await Api.EnrollMany(other, 10, 1);
        var certificate = await Api.Award(People.IdNumber(1), "学员1", classId: classId, regionCode: null);
        ClockAt(2026, 6, 18);
        (await Api.Complete(classId, people[0].EnrollmentId)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Api.Cancel(other)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Api.Revoke(certificate)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Api.YearReport("441625", 2026, "2026-06-17")).Programmes.Single(p => p.Programme == "yuecai").Should().BeEquivalentTo(new
        {
            Enrolled = 4, Completed = 0, Cancelled = 0, Certified = 1, CertifiedTrainees = 1, CompletedTrainees = 0
        });
        (await Api.YearReport("441625", 2026, "2026-06-18")).Programmes.Single(p => p.Programme == "yuecai").Should().BeEquivalentTo(new
        {
            Enrolled = 3, Completed = 1, Cancelled = 1, Certified = 0, CertifiedTrainees = 0, CompletedTrainees = 1,
            CertifiedShareOfCompleted = 0.0m
        });
        (await Api.Breakdown("441625", 2026, "yuecai", "2026-06-17")).ByMonth.Sum(m => m.Certified).Should().Be(1);
    }

    [Fact]
    public async Task a_target_is_the_value_it_had_on_that_day()
    {
        ClockAt(2026, 6, 20);
        await Api.SetTarget("441600", "yuecai", "2026", 1200);
        await Api.SetTarget("441600", "jigong", "2026", 300);

        var before = await Api.YearReport("441600", 2026, "2026-06-19");
        before.Programmes.Single(p => p.Programme == "yuecai").Target.Should().Be(1000, "the plan's figure stood until the 20th");
        before.Programmes.Single(p => p.Programme == "jigong").Target.Should().BeNull("it was first set on the 20th");
        var after = await Api.YearReport("441600", 2026, "2026-06-20");
        after.Programmes.Single(p => p.Programme == "yuecai").Target.Should().Be(1200);
        after.Programmes.Single(p => p.Programme == "jigong").Target.Should().Be(300);
    }

    [Fact]
    public async Task the_pace_is_measured_on_the_as_of_day()
    {
        await Api.EnrollMany(await Api.NewClass("441625"), 1, 3);

        var report = await Api.YearReport("441600", 2026, "2026-06-15");
        report.AsOf.Should().Be(new DateOnly(2026, 6, 15));
        report.ElapsedPercent.Should().Be(45.5m); // 166 of 365 days
        report.Programmes.Single(p => p.Programme == "yuecai").Should().BeEquivalentTo(new { Expected = 454.8m, Pace = "behind", ElapsedPercent = 45.5m });
        (await Api.YearReport("441600", 2026)).AsOf.Should().Be(new DateOnly(2026, 6, 15), "without asOf the answer is as of today");
    }

    [Theory]
    [InlineData("2026-06-16")]  // tomorrow
    [InlineData("2026-02-30")]
    [InlineData("2026-6-1")]
    [InlineData("yesterday")]
    public async Task a_future_or_unreadable_day_is_refused(string asOf)
    {
        foreach (var url in new[] { "/api/progress/441600/2026", "/api/progress/441600/period/2023-2027", "/api/progress/441600/2026/yuecai" })
            await (await Api.Send(HttpMethod.Get, $"{url}?asOf={asOf}")).ShouldBeProblem(HttpStatusCode.BadRequest, "asOf");
    }
}
