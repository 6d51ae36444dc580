using System.Net;
using Training.Progress;
using Training.Targets;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Reports;

public class when_reading_progress_over_a_plan_period
{
    static readonly DateOnly Today = Given.Today; // 2026-06-15, the HTTP tests' "now"

    [Theory]
    [InlineData(2026, "2026-01-01", 1, 365)]
    [InlineData(2026, "2026-06-15", 166, 365)]
    [InlineData(2026, "2026-12-31", 365, 365)]
    [InlineData(2026, "2025-12-31", 0, 365)]   // not begun
    [InlineData(2026, "2027-03-01", 365, 365)] // over
    [InlineData(2024, "2024-12-31", 366, 366)] // a leap year
    public void the_elapsed_part_of_a_year_counts_the_days_that_are_over(int year, string day, int elapsed, int days) =>
        Pace.ElapsedFraction(new TargetPeriod(year, year), DateOnly.Parse(day)).Should().Be((decimal)elapsed / days);

    [Fact]
    public void a_figure_above_the_straight_line_is_ahead_and_below_it_behind()
    {
        var period = new TargetPeriod(2026, 2026);
        var expected = Pace.Expected(1000, period, Today); // 1000 × 166/365 = 454.8
        Math.Round(expected, 1).Should().Be(454.8m);
        Pace.Status(455, expected).Should().Be(PaceStatus.Ahead);
        Pace.Status(454, expected).Should().Be(PaceStatus.Behind);
        Pace.Status(0, Pace.Expected(1000, new TargetPeriod(2027, 2027), Today)).Should().Be(PaceStatus.OnPace, "the year has not begun");
    }

    [Fact]
    public void a_span_without_a_target_of_its_own_adds_up_its_years_targets_when_every_year_has_one()
    {
        Target Yearly(int year, int value) => new(Guid.NewGuid(), "441600", "yuecai", year, value, "plan", Today);
        var counts = new Training.Progress.GetProgressEndpoint.Counts(Enrolled: 1200);
        var targets = new[] { Yearly(2025, 1000), Yearly(2026, 1000) };

        ProgressReport.TargetsFor("yuecai", new TargetPeriod(2025, 2026), counts, targets, Today).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Measure = "enrolled", Target = 2000, Figure = 1200, PercentOfTarget = 60.0m, Derived = true });
        ProgressReport.TargetsFor("yuecai", new TargetPeriod(2025, 2027), counts, targets, Today).Should().BeEmpty("2027 has no target");
    }
}
