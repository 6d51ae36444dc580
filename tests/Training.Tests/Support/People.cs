using Training.Identity;

namespace Training.Tests.Support;

/// <summary>Valid identifiers made on demand, so tests never depend on a real person's number.</summary>
public static class People
{
    /// <summary>A resident ID born in <paramref name="county"/> with a right check character.</summary>
    public static string IdNumber(int sequence, string county = "441625", string born = "19900101")
    {
        var first17 = $"{county}{born}{sequence % 1000:000}";
        return first17 + ResidentId.CheckCharacter(first17);
    }

    /// <summary>An ID number whose check character is wrong.</summary>
    public static string BadIdNumber(int sequence)
    {
        var good = IdNumber(sequence);
        var wrong = "10X98765432".First(c => c != good[^1]);
        return good[..17] + wrong;
    }

    public static string CreditCode(int n)
    {
        var first17 = $"91441600MA{n:0000000}";
        return first17 + Training.Identity.CreditCode.CheckCharacter(first17);
    }
}
