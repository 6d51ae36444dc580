using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Training.Web;

/// <summary>
/// Reads every JSON body strictly, once, before its endpoint does, and refuses a body it cannot take with a 400 that
/// names the field in the client's terms: unknown members (a misspelt <c>group</c> would otherwise drop the person's
/// groups without a word), a number sent as text, a NUL character (PostgreSQL's jsonb cannot hold it, and it is never
/// meant: names pasted from PDFs carry it), a value of the wrong type, JSON that is not well-formed.
/// Wolverine reads the body again with the same options; answering here keeps its error-level log of every
/// malformed body out of the logs and our internal type names out of the answers.
/// </summary>
public sealed partial class MalformedJson(RequestDelegate next, IOptions<JsonOptions> json)
{
    readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>The options Wolverine reads bodies with (it takes ASP.NET Core's HTTP JSON options).</summary>
    public static void Strict(JsonOptions options)
    {
        options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        options.SerializerOptions.Converters.Add(new TextWithoutNul());
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type } || !IsJson(context.Request))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        var refusal = await Read(context.Request.Body, type, context.RequestAborted);
        if (refusal is not null)
        {
            await Problems.Invalid(refusal).ExecuteAsync(context);
            return;
        }
        context.Request.Body.Position = 0;
        await next(context);
    }

    async Task<Dictionary<string, string[]>?> Read(Stream body, Type type, CancellationToken cancellation)
    {
        try
        {
            await JsonSerializer.DeserializeAsync(body, type, _options, cancellation);
            return null;
        }
        catch (JsonException e)
        {
            body.Position = 0;
            var field = FieldOf(e.Path);
            return new() { [field] = [await Explain(e, field, body, _options.GetTypeInfo(type), cancellation)] };
        }
    }

    static async Task<string> Explain(JsonException e, string field, Stream body, JsonTypeInfo request, CancellationToken cancellation)
    {
        if (e is NulInText) return $"{field} must not contain the NUL character (\\u0000)";
        try
        {
            using var _ = await JsonDocument.ParseAsync(body, cancellationToken: cancellation);
        }
        catch (JsonException)
        {
            return field == Body
                ? "the body must be well-formed JSON"
                : $"{field} could not be read: the body must be well-formed JSON";
        }
        if (field == Body) return "the body must be a JSON object";

        var member = MemberOf(field);
        var property = request.Properties.FirstOrDefault(p => string.Equals(p.Name, member, StringComparison.OrdinalIgnoreCase));
        return property is null
            ? $"{member} is not a field of this request; its fields are: {string.Join(", ", request.Properties.Select(p => p.Name))}"
            : $"{field} must be {Kind(property.PropertyType)}";
    }

    const string Body = "body";

    static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "text";
        if (type == typeof(int) || type == typeof(long)) return "a whole number (not in quotes)";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(DateOnly)) return "a date, yyyy-MM-dd";
        if (type == typeof(Guid)) return "an id (a GUID)";
        if (type == typeof(string[]) || type == typeof(List<string>)) return "a list of texts";
        return "a value of the documented type";
    }

    /// <summary>$.groups[0] → groups[0]; $['a b'] → a b; $ (or no path) → body.</summary>
    public static string FieldOf(string? path)
    {
        if (path is null or "$") return Body;
        var field = QuotedMember().Replace(path.StartsWith("$.") ? path[2..] : path.TrimStart('$'), m => "." + m.Groups[1].Value).TrimStart('.');
        return field.Length > 0 ? Validation.Clip(field) : Body;
    }

    static string MemberOf(string field) => field.Split('.', '[')[0];

    [GeneratedRegex(@"\['((?:[^']|'')*)'\]")]
    private static partial Regex QuotedMember();

    /// <summary>Like Wolverine: no content type is taken as JSON; anything else it answers 415 itself.</summary>
    static bool IsJson(HttpRequest request) =>
        request.ContentType is not { Length: > 0 } contentType
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    sealed class NulInText : JsonException;

    /// <summary>Refuses text holding U+0000; every string of every body passes here.</summary>
    sealed class TextWithoutNul : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is not null && text.Contains('\0')) throw new NulInText();
            return text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
