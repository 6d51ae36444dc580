using System.Globalization;
using Training.Web;

namespace Training.Progress;

/// <summary>
/// "As the system knew it at the end of <see cref="Day"/>" (China Standard Time): every change recorded before
/// <see cref="Until"/>, the next day's 00:00 +08:00, and none after. What counts is when the service recorded a
/// change (its event's timestamp), not the business date the change names: a withdrawal recorded on 1 July
/// leaves the answer for 30 June as it was, whatever date the withdrawal gives.
/// </summary>
public readonly record struct AsOf(DateOnly Day)
{
    static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public DateTimeOffset Until => new DateTimeOffset(Day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaStandardTime).ToUniversalTime();

    /// <summary>Null when no asOf was asked for (the answer is as of now); a refusal for a malformed or future date.</summary>
    public static (AsOf? AsOf, Refusal? Refusal) Parse(string? text, DateOnly today)
    {
        if (text is null) return (null, null);
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return (null, Refusal.Invalid("asOf", "asOf must be a date, yyyy-MM-dd"));
        if (day > today)
            return (null, Refusal.Invalid("asOf", $"asOf must not be in the future (today is {today:yyyy-MM-dd} in China Standard Time)"));
        return (new AsOf(day), null);
    }
}
