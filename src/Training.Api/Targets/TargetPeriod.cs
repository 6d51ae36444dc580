using System.Globalization;
using Training.Web;

namespace Training.Targets;

/// <summary>One year (<c>2026</c>) or several years counted together (<c>2021-2025</c>), as the plans set them.</summary>
public readonly record struct TargetPeriod(int FromYear, int ToYear)
{
    public const int MinYear = 2000, MaxYear = 2100, MaxYears = 10;

    public int Years => ToYear - FromYear + 1;
    public bool IsYearly => FromYear == ToYear;
    public DateOnly Start => new(FromYear, 1, 1);
    public DateOnly End => new(ToYear, 12, 31);
    public IEnumerable<int> EachYear => Enumerable.Range(FromYear, Years);

    public override string ToString() => IsYearly ? $"{FromYear}" : $"{FromYear}-{ToYear}";

    /// <summary>
    /// Reads <c>yyyy</c> or <c>yyyy-yyyy</c>: years from 2000 to 2100, the end not before the start, at most ten years.
    /// The refusal names <paramref name="field"/>.
    /// </summary>
    public static (TargetPeriod Period, Refusal? Refusal) Parse(string? text, string field)
    {
        var parts = (text ?? "").Split('-');
        const string shape = "a year (yyyy) or a span of years (fromYear-toYear, yyyy-yyyy)";
        if (parts.Length > 2 || !parts.All(p => p.Length == 4 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            return (default, Refusal.Invalid(field, $"{field} must be {shape}"));
        var from = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var to = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : from;
        if (from is < MinYear or > MaxYear || to is < MinYear or > MaxYear)
            return (default, Refusal.Invalid(field, $"{field}: years must be from {MinYear} to {MaxYear}"));
        if (to < from) return (default, Refusal.Invalid(field, $"{field}: the end year {to} is before the start year {from}"));
        if (to - from + 1 > MaxYears)
            return (default, Refusal.Invalid(field, $"{field}: a period is at most {MaxYears} years ({from}-{to} is {to - from + 1})"));
        return (new TargetPeriod(from, to), null);
    }
}
