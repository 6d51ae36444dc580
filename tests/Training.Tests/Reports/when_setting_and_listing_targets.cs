using System.Net;
using System.Text.Json;
using Training.Targets;
using Training.Tests.Support;

namespace Training.Tests.Reports;

public class when_setting_and_listing_targets(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task dongyuans_plan_period_targets_are_seeded_with_their_document()
    {
        var targets = await Api.Targets("441625");

        targets.Should().BeEquivalentTo(new[]
        {
            new { Programme = "all", ProgrammeName = "全部项目", Measure = "certified", FromYear = 2021, ToYear = 2025, Value = 1000 },
            new { Programme = "jiazheng", ProgrammeName = "南粤家政", Measure = "enrolled", FromYear = 2021, ToYear = 2025, Value = 2000 },
            new { Programme = "jiazheng", ProgrammeName = "南粤家政", Measure = "employed", FromYear = 2021, ToYear = 2025, Value = 1000 },
            new { Programme = "yuecai", ProgrammeName = "粤菜师傅", Measure = "enrolled", FromYear = 2021, ToYear = 2025, Value = 1000 },
            new { Programme = "yuecai", ProgrammeName = "粤菜师傅", Measure = "employed", FromYear = 2021, ToYear = 2025, Value = 500 }
        }, o => o.WithStrictOrdering());
        targets.Should().OnlyContain(t => t.Source!.StartsWith("东府〔2023〕99号") && t.RegionName == "东源县");
    }

    [Fact]
    public async Task heyuans_yearly_targets_are_listed_one_a_year()
    {
        var targets = await Api.Targets("441600");
        targets.Should().HaveCount(10);
        targets.Where(t => t.Programme == "yuecai").Select(t => (t.FromYear, t.ToYear, t.Value))
            .Should().Equal((2023, 2023, 1000), (2024, 2024, 1000), (2025, 2025, 1000), (2026, 2026, 1000), (2027, 2027, 1000));
        targets.Should().OnlyContain(t => t.Measure == "enrolled" && t.Source!.StartsWith("河人社发〔2024〕25号"));
        (await Api.Targets()).Select(t => t.RegionCode).Distinct().Should().BeEquivalentTo("441600", "442000", "441625");
    }

    [Fact]
    public async Task a_bureau_sets_a_period_target_of_any_measure_and_setting_it_again_replaces_it()
    {
        await Api.SetTarget("441625", "jigong", "2025-2026", 10, TargetMeasure.Completed, "东源县技工培训方案");
        await Api.SetTarget("441625", "jigong", "2025-2026", 12, TargetMeasure.Completed);
        await Api.SetTarget("441625", "jigong", "2026", 40); // a different target: another measure and period

        var jigong = (await Api.Targets("441625")).Where(t => t.Programme == "jigong").ToList();
        jigong.Should().BeEquivalentTo(new[]
        {
            new { Measure = "enrolled", FromYear = 2026, ToYear = 2026, Value = 40, SetOn = new DateOnly(2026, 6, 15) },
            new { Measure = "completed", FromYear = 2025, ToYear = 2026, Value = 12, SetOn = new DateOnly(2026, 6, 15) }
        });
    }

    [Fact]
    public async Task the_old_form_of_setting_a_yearly_person_time_target_still_works()
    {
        (await Api.TrySetTarget("441625", "jigong", "2026", new { personTimes = 4, source = "x" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Api.Targets("441625")).Should().ContainSingle(t => t.Programme == "jigong")
            .Which.Should().BeEquivalentTo(new { Measure = "enrolled", FromYear = 2026, ToYear = 2026, Value = 4, Source = "x" });
    }

    [Theory]
    [InlineData("2026-2025", "{\"value\": 10}", "period")]
    [InlineData("2016-2026", "{\"value\": 10}", "period")]
    [InlineData("2026", "{\"value\": 10, \"measure\": \"trained\"}", "measure")]
    [InlineData("2026", "{\"value\": 10, \"personTimes\": 11}", "value")]
    [InlineData("2026", "{\"value\": -1}", "value")]
    [InlineData("2026", "{\"measure\": \"certified\"}", "value")]
    public async Task a_bad_period_target_is_refused_naming_the_field(string period, string body, string field) =>
        await (await Api.Send(HttpMethod.Put, $"/api/targets/441625/yuecai/{period}", body)).ShouldBeProblem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task listing_the_targets_of_an_unknown_region_is_not_found() =>
        await (await Api.Send(HttpMethod.Get, "/api/targets?regionCode=449999")).ShouldBeProblem(HttpStatusCode.NotFound, "regionCode");
}
