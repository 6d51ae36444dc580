using System.Net;
using Training.Catalogue;
using Training.Progress;
using Microsoft.Extensions.DependencyInjection;
using Training.Tests.Support;

namespace Training.Tests.Progress;

public class when_reading_progress(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_plan_targets_are_there_without_anyone_typing_them()
    {
        foreach (var year in new[] { 2023, 2025, 2027 })
        {
            var heyuan = await Api.Progress("441600", year);
            heyuan["yuecai"].Target.Should().Be(1000);
            heyuan["jiazheng"].Target.Should().Be(6250);
            heyuan["jigong"].Target.Should().BeNull();
            (await Api.Progress("442000", year))["yuecai"].Target.Should().Be(1000);
        }
        (await Api.Progress("441600", 2022))["yuecai"].Target.Should().BeNull("the plan runs 2023–2027");
        (await Api.Progress("441625", 2025))["yuecai"].Target.Should().BeNull("Heyuan's target is the city's, not Dongyuan's");
    }

    [Fact]
    public async Task a_regions_figures_include_every_region_below_it()
    {
        var dongyuan = await Api.NewClass("441625");
        var zijin = await Api.NewClass("441621");
        var jiangmen = await Api.NewClass("440703");
        for (var i = 0; i < 3; i++) await Api.Enroll(dongyuan, People.IdNumber(i), $"学员{i}");
        for (var i = 3; i < 5; i++) await Api.Enroll(zijin, People.IdNumber(i), $"学员{i}");
        await Api.Enroll(jiangmen, People.IdNumber(9), "学员9");

        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(3);
        (await Api.Progress("441621", 2026))["yuecai"].Enrolled.Should().Be(2);
        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 5, UniqueTrainees = 5, PercentOfTarget = 0.5m });
        (await Api.Progress("440700", 2026))["yuecai"].Enrolled.Should().Be(1);
        (await Api.Progress("440000", 2026))["yuecai"].Enrolled.Should().Be(6);
        (await Api.Progress("441602", 2026))["yuecai"].Enrolled.Should().Be(0);
    }

    [Fact]
    public async Task one_person_in_two_classes_is_two_person_times_and_one_trainee()
    {
        var first = await Api.NewClass("441625");
        var second = await Api.NewClass("441621");
        await Api.Enroll(first, People.IdNumber(1));
        await Api.Enroll(second, People.IdNumber(1));
        await Api.Enroll(second, People.IdNumber(2), "李四");

        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 3, UniqueTrainees = 2 });
        (await Api.Progress("441625", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 1, UniqueTrainees = 1 });
    }

    [Fact]
    public async Task a_trainee_stays_unique_until_their_last_counted_enrollment_goes()
    {
        var first = await Api.NewClass();
        var second = await Api.NewClass();
        var a = await Api.Enroll(first, People.IdNumber(1));
        var b = await Api.Enroll(second, People.IdNumber(1));

        await Api.Withdraw(first, a.EnrollmentId);
        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 1, UniqueTrainees = 1 });
        await Api.Withdraw(second, b.EnrollmentId);
        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 0, UniqueTrainees = 0 });
    }

    [Fact]
    public async Task a_class_counts_in_the_year_of_its_start_date()
    {
        var spanning = await Api.NewClass(startDate: "2025-12-20");
        await Api.Enroll(spanning, People.IdNumber(1));

        (await Api.Progress("441600", 2025))["yuecai"].Enrolled.Should().Be(1);
        (await Api.Progress("441600", 2026))["yuecai"].Enrolled.Should().Be(0);
    }

    [Fact]
    public async Task programmes_are_counted_apart()
    {
        await Api.Enroll(await Api.NewClass(programme: "jiazheng"), People.IdNumber(1));
        await Api.Enroll(await Api.NewClass(programme: "jigong"), People.IdNumber(1));

        var progress = await Api.Progress("441600", 2026);
        progress["yuecai"].Enrolled.Should().Be(0);
        progress["jiazheng"].Should().BeEquivalentTo(new { Enrolled = 1, Target = 6250, PercentOfTarget = 0.0m });
        progress["jigong"].Enrolled.Should().Be(1);
    }

    [Fact]
    public async Task a_bureau_sets_a_target_and_progress_is_measured_against_it()
    {
        (await Api.Send(HttpMethod.Put, "/api/targets/441625/jigong/2026", new { personTimes = 4 })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Api.Enroll(await Api.NewClass(programme: "jigong"), People.IdNumber(1));

        (await Api.Progress("441625", 2026))["jigong"].Should().BeEquivalentTo(new { Target = 4, Enrolled = 1, PercentOfTarget = 25.0m });

        await Api.Send(HttpMethod.Put, "/api/targets/441625/jigong/2026", new { personTimes = 8 });
        (await Api.Progress("441625", 2026))["jigong"].Should().BeEquivalentTo(new { Target = 8, PercentOfTarget = 12.5m });
        (await Api.Progress("441600", 2026))["jigong"].Target.Should().BeNull("a county's target is not the city's");
    }

    [Fact]
    public async Task a_bureaus_own_target_survives_a_restart_of_the_seeding()
    {
        await Api.Send(HttpMethod.Put, "/api/targets/441600/yuecai/2026", new { personTimes = 1200 });
        var store = Host.Services.GetRequiredService<Marten.IDocumentStore>();
        foreach (var seed in Host.Services.GetServices<Marten.Schema.IInitialData>()) await seed.Populate(store, CancellationToken.None);
        (await Api.Progress("441600", 2026))["yuecai"].Target.Should().Be(1200);
    }

    [Theory]
    [InlineData("/api/targets/441600/yuecai/2026", "{\"personTimes\": -1}", "personTimes")]
    [InlineData("/api/targets/441600/yuecai/2026", "{}", "personTimes")]
    [InlineData("/api/targets/449999/yuecai/2026", "{\"personTimes\": 10}", "regionCode")]
    [InlineData("/api/targets/441600/cooking/2026", "{\"personTimes\": 10}", "programme")]
    [InlineData("/api/targets/441600/yuecai/1999", "{\"personTimes\": 10}", "year")]
    public async Task a_bad_target_is_refused_naming_the_field(string url, string body, string field) =>
        await (await Api.Send(HttpMethod.Put, url, body)).ShouldBeProblem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task an_unknown_region_is_not_found() =>
        await (await Api.Send(HttpMethod.Get, "/api/progress/449999/2026")).ShouldBeProblem(HttpStatusCode.NotFound, "regionCode");
}
