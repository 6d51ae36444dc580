using System.Net;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Reports;

public class when_asking_as_of_a_past_date
{
    [Fact]
    public void as_of_a_day_means_everything_recorded_before_the_next_midnight_in_china()
    {
        AsOf.Parse("2026-06-15", new DateOnly(2026, 6, 15)).AsOf!.Value.Until
            .Should().Be(new DateTimeOffset(2026, 6, 15, 16, 0, 0, TimeSpan.Zero));
        AsOf.Parse(null, new DateOnly(2026, 6, 15)).Should().Be(((AsOf?)null, (Training.Web.Refusal?)null));
    }
}
