using System.Net;
using System.Text.Json;
using Training.Targets;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Reports;

public class when_setting_and_listing_targets
{
    [Theory]
    [InlineData("2026", 2026, 2026)]
    [InlineData("2021-2025", 2021, 2025)]
    [InlineData("2025-2025", 2025, 2025)]
    [InlineData("2017-2026", 2017, 2026)]
    public void a_period_is_a_year_or_a_span_of_years(string text, int from, int to) =>
        TargetPeriod.Parse(text, "period").Should().Be((new TargetPeriod(from, to), (Training.Web.Refusal?)null));

    [Theory]
    [InlineData("2026-2025")] // the end before the start
    [InlineData("2016-2026")] // eleven years
    [InlineData("1999-2001")]
    [InlineData("2021-")]
    [InlineData("21-25")]
    [InlineData("2021-2023-2025")]
    [InlineData("２０２１")]   // full-width digits
    [InlineData("")]
    public void anything_else_is_refused(string text) =>
        TargetPeriod.Parse(text, "period").Refusal.Should().BeEquivalentTo(new { Status = 400, Field = "period" });

    [Fact]
    public void a_target_recorded_before_measures_and_periods_is_a_yearly_person_time_target()
    {
        // The shape TargetSet was stored in by the first release: no measure, no toYear.
        var id = Target.IdFor("441600", "yuecai", 2026);
        var json = $$"""{"targetId":"{{id}}","regionCode":"441600","programme":"yuecai","year":2026,"personTimes":1000,"source":"河人社发〔2024〕25号","setOn":"2026-01-05"}""";
        var target = Target.Create(JsonSerializer.Deserialize<TargetSet>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

        target.Should().BeEquivalentTo(new { MeasureOrDefault = "enrolled", FromYear = 2026, LastYear = 2026, Value = 1000 });
        Target.IdFor("441600", "yuecai", TargetMeasure.Enrolled, 2026, 2026).Should().Be(id, "setting it again must land on the same stream");
        Target.IdFor("441600", "yuecai", TargetMeasure.Enrolled, 2026, 2027).Should().NotBe(id);
        Target.IdFor("441600", "yuecai", TargetMeasure.Completed, 2026, 2026).Should().NotBe(id);
    }
}
