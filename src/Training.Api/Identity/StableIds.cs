using System.Security.Cryptography;
using System.Text;

namespace Training.Identity;

/// <summary>
/// Ids derived from natural keys, so that "the same thing twice" lands on the same event stream and the
/// database's stream key refuses the duplicate even under races, with no look-up table to keep in step.
/// </summary>
public static class StableIds
{
    /// <summary>For public keys (a credit code, a target's region/programme/year).</summary>
    public static Guid From(string kind, string key) => ToGuid(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{key}")));

    /// <summary>Keyed with a server secret: a trainee id must not let anyone test a guessed ID number.</summary>
    public static Guid Keyed(byte[] secret, string kind, string key) =>
        ToGuid(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{kind}:{key}")));

    static Guid ToGuid(byte[] hash)
    {
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8: "custom", so it is never mistaken for a random v4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }
}
