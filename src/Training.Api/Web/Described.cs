using System.Reflection;
using System.Text.RegularExpressions;

namespace Training.Web;

// What a request field must hold, said beside the field for the API description (Web/ApiDescription.cs). Each attribute names the
// value the check itself uses (a constant, a list, a regex of the command's file), so the description repeats no rule; the
// conformance tests (tests/Training.Tests/Web/the_description_tells_the_truth.cs) probe each one against the service.
// [System.ComponentModel.DataAnnotations.Required] marks a field the check refuses when missing; [Range] a number's bounds.

/// <summary>Text that <see cref="Validation.Text"/> checks: not blank, trimmed, at most <paramref name="max"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextAttribute(int max) : Attribute
{
    public int Max { get; } = max;
}

/// <summary>
/// One of the codes in a static list (<c>string[]</c> or <c>IReadOnlyCollection&lt;string&gt;</c>) the check uses, or without
/// <paramref name="member"/>, one of the string constants of <paramref name="owner"/> (ClassStatus.Open, …).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(Type owner, string? member = null) : Attribute
{
    public IReadOnlyList<string> Values => member is null
        ? owner.GetFields(BindingFlags.Static | BindingFlags.Public).Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!).ToList()
        : Member(owner, member) switch
        {
            IEnumerable<string> values => values.ToList(),
            var other => throw new InvalidOperationException($"{owner.Name}.{member} is {other?.GetType().Name ?? "null"}, not a list of codes")
        };

    internal static object? Member(Type owner, string member)
    {
        const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        return owner.GetField(member, flags)?.GetValue(null)
               ?? owner.GetProperty(member, flags)?.GetValue(null)
               ?? owner.GetMethod(member, flags, Type.EmptyTypes)?.Invoke(null, null)
               ?? throw new InvalidOperationException($"{owner.Name} has no static {member}");
    }
}

/// <summary>Where in the catalogue (data, not code) a code must be found.</summary>
public enum Catalogued { Programme, Track, Region }

/// <summary>A code of the programme catalogue: a programme, a track of some programme, a GB/T 2260 region.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class InCatalogueAttribute(Catalogued list) : Attribute
{
    public Catalogued List { get; } = list;
}

/// <summary>
/// Text matching the regex the check uses: a <see cref="Regex"/>-returning static method (a [GeneratedRegex]) or a pattern constant
/// of <paramref name="owner"/>. Where the check does more than the pattern says (a check character), the field's description says so.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MatchesAttribute(Type owner, string member) : Attribute
{
    public string Pattern => OneOfAttribute.Member(owner, member) switch
    {
        Regex regex => regex.ToString(),
        string pattern => pattern,
        var other => throw new InvalidOperationException($"{owner.Name}.{member} is {other?.GetType().Name ?? "null"}, not a regex")
    };
}

/// <summary>On a request: at least one of these fields (JSON names) must be given, as its check requires.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresAnyAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}
