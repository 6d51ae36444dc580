using Training.Targets;

namespace Training.Progress;

public static class PaceStatus
{
    public const string Ahead = "ahead", OnPace = "on-pace", Behind = "behind";
}

/// <summary>
/// How far along a period is on a day, and where a straight line from zero at its start to the target at its end
/// stands on that day. A day counts once it is over: on 1 January one day of the year has elapsed, on 31 December all.
/// </summary>
public static class Pace
{
    public static decimal ElapsedFraction(TargetPeriod period, DateOnly day)
    {
        var total = period.End.DayNumber - period.Start.DayNumber + 1;
        var elapsed = Math.Clamp(day.DayNumber - period.Start.DayNumber + 1, 0, total);
        return (decimal)elapsed / total;
    }

    public static decimal Percent(decimal fraction) => Math.Round(100m * fraction, 1);

    /// <summary>The figure the straight line expects by the end of <paramref name="day"/>.</summary>
    public static decimal Expected(int target, TargetPeriod period, DateOnly day) => target * ElapsedFraction(period, day);

    public static string Status(int figure, decimal expected) =>
        figure > expected ? PaceStatus.Ahead : figure < expected ? PaceStatus.Behind : PaceStatus.OnPace;
}
