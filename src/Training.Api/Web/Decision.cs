using Microsoft.AspNetCore.Http;

namespace Training.Web;

/// <summary>
/// Why a command was refused: 400 (invalid), 403 (not this caller's), 404 (unknown) or 409 (conflicts with current state).
/// <see cref="Id"/> names what already exists when that is the conflict, so a client can carry on with it.
/// </summary>
public sealed record Refusal(int Status, string Field, string Message)
{
    /// <summary>No refusal: the command was carried out.</summary>
    public static readonly Refusal? None = null;
    public object? Id { get; init; }

    public static Refusal Invalid(string field, string message) => new(StatusCodes.Status400BadRequest, field, message);
    public static Refusal NotFound(string field, string message) => new(StatusCodes.Status404NotFound, field, message);
    public static Refusal Conflict(string field, string message) => new(StatusCodes.Status409Conflict, field, message);
    public static Refusal Forbidden(string message) => new(StatusCodes.Status403Forbidden, "authorization", message);
}

/// <summary>What a pure decision returns: the events to append, or the reason nothing is appended.</summary>
public sealed record Decision(IReadOnlyList<object> Events, Refusal? Refusal)
{
    public static Decision Accept(params object[] events) => new(events, null);
    public static implicit operator Decision(Refusal refusal) => new([], refusal);
    public bool Accepted => Refusal is null;
}

/// <summary>Collects every broken rule of a request, each under the field it concerns.</summary>
public sealed class Validation
{
    readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;
    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    /// <summary>The request as its validated command when every rule held (<paramref name="command"/> runs only then), else the broken rules.</summary>
    public Checked<T> Then<T>(Func<T> command) where T : class => new(IsValid ? command() : null, Errors);

    /// <summary>Trimmed-non-empty (when given, if not <paramref name="required"/>) and at most <paramref name="max"/> characters.</summary>
    public Validation Text(string? value, string field, int max, bool required = true)
    {
        if (value is null) return required ? Add(field, $"{field} is required and must not be empty") : this;
        if (value.Trim().Length == 0) return Add(field, required ? $"{field} is required and must not be empty" : $"{field} must not be empty when given");
        return Check(value.Length <= max, field, $"{field} must be at most {max} characters");
    }

    public Validation OneOf(string? value, string field, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null) return required ? Add(field, $"{field} is required; one of: {string.Join(", ", allowed)}") : this;
        return Check(allowed.Contains(value), field, $"{field} '{Clip(value)}' is unknown; one of: {string.Join(", ", allowed)}");
    }

    /// <summary>Echo a client's value into a message without letting a huge value or a control character through.</summary>
    public static string Clip(string value)
    {
        var clipped = value.Length <= 40 ? value : value[..40] + "…";
        return clipped.Any(char.IsControl) ? new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray()) : clipped;
    }
}

/// <summary>A request checked: <see cref="Command"/> (nothing missing, normalised) when it is valid, otherwise the broken rules.</summary>
public sealed record Checked<T>(T? Command, IReadOnlyDictionary<string, string[]> Errors) where T : class
{
    public bool IsValid => Command is not null;
}
