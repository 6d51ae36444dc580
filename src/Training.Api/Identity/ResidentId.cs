namespace Training.Identity;

/// <summary>居民身份证号: 6-digit region, 8-digit birth date, 3-digit sequence, check character (GB 11643).</summary>
public static class ResidentId
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckChars = "10X98765432";

    /// <summary>The number's shape, for the API description; <see cref="Normalize"/> also checks the check character and birth date.</summary>
    public const string Shape = "^[0-9]{17}[0-9Xx]$";

    /// <summary>Upper-cases a trailing x so one person has one spelling; null when the number is not valid.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null || value.Length != 18) return null;
        var id = value.ToUpperInvariant();
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i])) return null;
            sum += (id[i] - '0') * Weights[i];
        }
        if (id[17] != CheckChars[sum % 11]) return null;
        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", out var born) && born.Year >= 1900 ? id : null;
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    /// <summary>First 6 and last 4 shown, as domain.md asks wherever the full number is not needed.</summary>
    public static string Mask(string id) => id[..6] + new string('*', id.Length - 10) + id[^4..];
}
