using Training.Tests.Support;

namespace Training.Tests.Reports;

/// <summary>
/// Report scenarios move the fake clock (as-of answers depend on when a change was recorded). The fixture's reset can
/// only move the clock forward, so a test that moved it past the fixture's "now" sets it back when it ends.
/// </summary>
public abstract class ReportsContext(TrainingHost fixture) : IntegrationContext(fixture), IDisposable
{
    /// <summary>Sets the service's clock to a moment in China Standard Time; it may go back, as a real clock may be set back.</summary>
    protected void ClockAt(int year, int month, int day, int hour = 10, int minute = 0, int second = 0) =>
        Fixture.Clock.AdjustTime(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromHours(8)));

    public void Dispose() => Fixture.Clock.AdjustTime(TrainingHost.Now);
}
