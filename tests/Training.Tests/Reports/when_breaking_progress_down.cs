using System.Net;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_breaking_progress_down(TrainingHost fixture) : ReportsContext(fixture)
{
    /// <summary>
    /// Heyuan's 粤菜师傅 in 2026: classes in two counties and at the city itself, with and without a track, in three
    /// months; a withdrawal, two completions (one failed), a cancelled class, certificates with and without a class;
    /// and a 南粤家政 class and a 2025 class that must not count.
    /// </summary>
    async Task<(Guid Dongyuan, Guid Zijin)> AYearOfClasses()
    {
        var dongyuanSchool = await Api.RegisterInstitution("441625");
        var dongyuan = await Api.ClassIn("441625", "2026-03-02", track: "kejia", institution: dongyuanSchool);
        var dongyuanMay = await Api.ClassIn("441625", "2026-05-11", track: "kejia", institution: dongyuanSchool);
        var zijin = await Api.ClassIn("441621", "2026-05-06");
        var city = await Api.ClassIn("441625", "2026-06-01", track: "guangfu", classRegion: "441600");
        var cancelled = await Api.ClassIn("441621", "2026-04-01", track: "chaozhou");

        var d = await Api.EnrollMany(dongyuan, 1, 4);
        await Api.EnrollMany(dongyuanMay, 5, 1);
        var z = await Api.EnrollMany(zijin, 10, 3);
        await Api.EnrollMany(city, 20, 2);
        await Api.EnrollMany(cancelled, 30, 2);
        await Api.Withdraw(dongyuan, d[0].EnrollmentId);
        await Api.Complete(dongyuan, d[1].EnrollmentId, "2026-03-21");
        await Api.Complete(dongyuan, d[2].EnrollmentId, "2026-03-21", passed: false);
        await Api.Cancel(cancelled);
        await Api.Award(People.IdNumber(2), "学员2", awardedOn: "2026-04-01", classId: dongyuan, regionCode: null);
        await Api.Award(People.IdNumber(10), "学员10", awardedOn: "2026-06-01", classId: zijin, regionCode: null);
        await Api.Award(People.IdNumber(99), "学员99", awardedOn: "2026-02-01", regionCode: "441622"); // followed no class

        await Api.EnrollMany(await Api.ClassIn("441625", "2026-03-02", "jiazheng"), 40, 2);
        await Api.EnrollMany(await Api.ClassIn("441625", "2025-11-02"), 50, 2);
        return (dongyuan, zijin);
    }

    [Fact]
    public async Task every_split_adds_up_to_the_total()
    {
        await AYearOfClasses();

        var b = await Api.Breakdown("441600", 2026, "yuecai");

        b.Should().BeEquivalentTo(new { RegionName = "河源市", Year = 2026, Programme = "yuecai", Name = "粤菜师傅", AsOf = new DateOnly(2026, 6, 15) });
        b.Total.Should().BeEquivalentTo(new
        {
            Enrolled = 9, Completed = 1, UniqueTrainees = 9, Withdrawn = 1, Cancelled = 2, Certified = 3, CertifiedTrainees = 3,
            CompletedTrainees = 1, CertifiedShareOfCompleted = 100.0m
        });
        foreach (var split in new[] { b.ByRegion, b.ByInstitution, b.ByTrack, b.ByMonth.Select(m => new BreakdownRow($"{m.Month}", "", m.Enrolled, m.Completed, m.Withdrawn, m.Cancelled, m.Certified)).ToList() })
        {
            split.Sum(r => r.Enrolled).Should().Be(b.Total.Enrolled);
            split.Sum(r => r.Completed).Should().Be(b.Total.Completed);
            split.Sum(r => r.Withdrawn).Should().Be(b.Total.Withdrawn);
            split.Sum(r => r.Cancelled).Should().Be(b.Total.Cancelled);
            split.Sum(r => r.Certified).Should().Be(b.Total.Certified);
        }
    }

    [Fact]
    public async Task a_city_splits_by_county_with_its_own_level_apart_and_every_county_listed()
    {
        await AYearOfClasses();

        var byRegion = (await Api.Breakdown("441600", 2026, "yuecai")).ByRegion;

        byRegion.Select(r => (r.Code, r.Name, r.Enrolled, r.Certified)).Should().Equal(
            ("441600", "河源市本级", 2, 0), ("441602", "源城区", 0, 0), ("441621", "紫金县", 3, 1), ("441622", "龙川县", 0, 1),
            ("441623", "连平县", 0, 0), ("441624", "和平县", 0, 0), ("441625", "东源县", 4, 1));
        byRegion.Single(r => r.Code == "441621").Cancelled.Should().Be(2);
    }

    [Fact]
    public async Task institutions_tracks_and_months_each_get_their_slice()
    {
        await AYearOfClasses();

        var b = await Api.Breakdown("441600", 2026, "yuecai");

        b.ByInstitution.Should().HaveCount(5, "four institutions had 2026 粤菜师傅 classes, and one certificate followed no class");
        b.ByInstitution[0].Should().BeEquivalentTo(new { Enrolled = 4, Completed = 1, Withdrawn = 1, Certified = 1, Name = "河源市技师学院" });
        b.ByInstitution.Should().ContainSingle(r => r.Code == null).Which.Should().BeEquivalentTo(new { Name = "未关联培训班 (no class)", Enrolled = 0, Certified = 1 });

        b.ByTrack.Select(r => (r.Code, r.Name, r.Enrolled, r.Cancelled, r.Certified)).Should().Equal(
            ("guangfu", "广府菜", 2, 0, 0), ("kejia", "客家菜", 4, 0, 1), ("chaozhou", "潮州菜", 0, 2, 0), (null, "未分专项 (no track)", 3, 0, 2));

        b.ByMonth.Should().HaveCount(12);
        b.ByMonth.Select(m => m.Enrolled).Should().Equal(0, 0, 3, 0, 4, 2, 0, 0, 0, 0, 0, 0);
        b.ByMonth.Select(m => m.Certified).Should().Equal(0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0);
        b.ByMonth.Select(m => m.CumulativeEnrolled).Should().Equal(0, 0, 3, 3, 7, 9, 9, 9, 9, 9, 9, 9);
        b.ByMonth[11].ExpectedEnrolled.Should().Be(1000m, "the straight line reaches Heyuan's target at the year's end");
        b.ByMonth[0].ExpectedEnrolled.Should().Be(Math.Round(1000m * 31 / 365, 1));
        b.Targets.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Measure = "enrolled", Target = 1000, Figure = 9, Pace = "behind" });
    }

    [Fact]
    public async Task a_province_splits_by_city_and_every_programme_can_be_split_together()
    {
        await AYearOfClasses();
        await Api.EnrollMany(await Api.ClassIn("440703", "2026-03-02"), 60, 2);

        var guangdong = await Api.Breakdown("440000", 2026, "yuecai");
        guangdong.ByRegion.Should().HaveCount(21);
        guangdong.ByRegion.Single(r => r.Code == "441600").Enrolled.Should().Be(9);
        guangdong.ByRegion.Single(r => r.Code == "440700").Should().BeEquivalentTo(new { Name = "江门市", Enrolled = 2 });
        guangdong.ByRegion.Sum(r => r.Enrolled).Should().Be(guangdong.Total.Enrolled).And.Be(11);

        var all = await Api.Breakdown("441625", 2026, "all");
        all.Should().BeEquivalentTo(new { Programme = "all", Name = "全部项目" });
        all.Total.Enrolled.Should().Be(6, "four 粤菜师傅 (five enrolled, one withdrew) and two 南粤家政 in Dongyuan");
        all.ByRegion.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Code = "441625", Enrolled = 6 });
        all.ByTrack.Sum(r => r.Enrolled).Should().Be(6);
    }

    [Fact]
    public async Task a_region_with_no_data_answers_zeros()
    {
        var b = await Api.Breakdown("441624", 2026, "jiazheng");
        b.Total.Should().BeEquivalentTo(new { Enrolled = 0, Certified = 0, UniqueTrainees = 0 });
        b.ByRegion.Should().BeEmpty("a county has no region below it and no figures of its own");
        b.ByInstitution.Should().BeEmpty();
        b.ByTrack.Select(t => t.Code).Should().Equal("muying", "jujia", "yanglao", "yihu");
        b.ByMonth.Should().HaveCount(12).And.OnlyContain(m => m.Enrolled == 0 && m.ExpectedEnrolled == null);
    }

    [Theory]
    [InlineData("/api/progress/441600/2026/cooking", HttpStatusCode.BadRequest, "programme")]
    [InlineData("/api/progress/441600/1999/yuecai", HttpStatusCode.BadRequest, "year")]
    [InlineData("/api/progress/449999/2026/yuecai", HttpStatusCode.NotFound, "regionCode")]
    public async Task a_bad_breakdown_request_is_refused(string url, HttpStatusCode status, string field) =>
        await (await Api.Send(HttpMethod.Get, url)).ShouldBeProblem(status, field);
}
