namespace Training.Identity;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character.</summary>
public static class CreditCode
{
    const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>The code's shape (the alphabet, either case), for the API description; <see cref="Normalize"/> also checks the check character.</summary>
    public const string Shape = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$";
    static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string? Normalize(string? value)
    {
        if (value is null || value.Length != 18) return null;
        var code = value.ToUpperInvariant();
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(code[i]);
            if (v < 0) return null;
            sum += v * Weights[i];
        }
        return code[17] == CheckCharacter(sum) ? code : null;
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        return CheckCharacter(sum);
    }

    static char CheckCharacter(int weightedSum) => Alphabet[(31 - weightedSum % 31) % 31];
}
