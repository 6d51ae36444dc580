using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;

namespace Training.Tests.Support;

/// <summary>One answer the service gave, as the test host saw it leave.</summary>
public sealed record Answer(string Method, string Path, string? Route, int Status, string? ContentType, byte[] Body, IReadOnlySet<string>? Headers = null);

/// <summary>
/// Keeps every answer a test host gives (a middleware put first in the pipeline by a startup filter: nothing in the product),
/// so that each test's answers can be checked against /openapi/v1.json when the test ends (<see cref="IntegrationContext"/>).
/// </summary>
public sealed class AnswerLog
{
    readonly ConcurrentQueue<Answer> _answers = new();

    /// <summary>Every answer since the last call.</summary>
    public IReadOnlyList<Answer> Take()
    {
        var taken = new List<Answer>();
        while (_answers.TryDequeue(out var answer)) taken.Add(answer);
        return taken;
    }

    public void RecordIn(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new Recorder(this));

    sealed class Recorder(AnswerLog log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var original = context.Response.Body;
                await using var copy = new MemoryStream();
                context.Response.Body = new Tee(original, copy);
                try
                {
                    await inner(context);
                }
                finally
                {
                    context.Response.Body = original;
                    if (!context.RequestAborted.IsCancellationRequested) Record(context, copy);
                }
            });
            next(app);
        };

        // An answer to a client that gave up is one nobody receives.
        void Record(HttpContext context, MemoryStream copy)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            log._answers.Enqueue(new Answer(context.Request.Method, context.Request.Path.Value ?? "", route, context.Response.StatusCode,
                context.Response.ContentType, copy.ToArray(), context.Response.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase)));
        }
    }

    /// <summary>Writes go through to the client and into a copy.</summary>
    sealed class Tee(Stream inner, Stream copy) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellation) => inner.FlushAsync(cancellation);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            copy.Write(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellation = default)
        {
            copy.Write(buffer.Span);
            await inner.WriteAsync(buffer, cancellation);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellation) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellation).AsTask();
    }
}

/// <summary>
/// Checks an answer against the API description: the operation is described, the status is one it declares, the content type
/// one that status declares, and a JSON body validates against the declared schema (NJsonSchema; OpenAPI 3.1 schemas are JSON Schema).
/// </summary>
public sealed class DescriptionCheck
{
    readonly JsonObject _document;
    readonly JsonNode _definitions;
    readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public DescriptionCheck(string openApiJson)
    {
        _document = JsonNode.Parse(openApiJson)!.AsObject();
        _definitions = Rewrite(_document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
    }

    /// <summary>What is wrong with the answer, or nothing.</summary>
    public IReadOnlyList<string> Problems(Answer answer)
    {
        if (answer.Route is null) return []; // no endpoint: an unknown path, not an operation
        var path = "/" + System.Text.RegularExpressions.Regex.Replace(answer.Route.TrimStart('/'), "{([^}:?]+)[^}]*}", "{$1}");
        var name = $"{answer.Method} {answer.Path} → {answer.Status} ({path})";
        var operation = _document["paths"]?[path]?[answer.Method.ToLowerInvariant()];
        if (operation is null)
            return path.StartsWith("/api/", StringComparison.Ordinal) ? [$"{name}: the operation is not in the description"] : [];

        var responses = operation["responses"]!.AsObject();
        var status = $"{answer.Status}";
        var response = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        if (response is null) return [$"{name}: the description declares {string.Join(", ", responses.Select(r => r.Key))}, not {status}"];

        var missing = (response["headers"]?.AsObject() ?? []).Where(h => h.Value?["required"]?.GetValue<bool>() == true)
            .Select(h => h.Key).Where(h => answer.Headers?.Contains(h) == false).ToList();
        if (missing.Count > 0) return [$"{name}: the answer lacks the header {string.Join(", ", missing)} the description requires"];

        var content = response["content"]?.AsObject();
        if (content is null or { Count: 0 })
            return answer.Body.Length == 0 ? [] : [$"{name}: the description declares no body, the answer has {answer.Body.Length} bytes"];
        var mediaType = answer.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !content.ContainsKey(mediaType))
            return [$"{name}: the answer is {mediaType ?? "without a content type"}; the description declares {string.Join(", ", content.Select(c => c.Key))}"];
        if (!mediaType.EndsWith("json", StringComparison.Ordinal)) return [];

        var schema = content[mediaType]!["schema"];
        if (schema is null) return [];
        var validator = _schemas.GetOrAdd($"{answer.Method} {path} {status} {mediaType}", _ => Compile(schema));
        var body = System.Text.Encoding.UTF8.GetString(answer.Body);
        try
        {
            return validator.Validate(body).Select(e => $"{name}: {e.Path} {e.Kind} (body: {Clip(body)})").ToList();
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return [$"{name}: the body is not JSON ({e.Message})"];
        }
    }

    JsonSchema Compile(JsonNode schema)
    {
        var root = Rewrite(schema.DeepClone()) as JsonObject ?? new JsonObject();
        root["definitions"] = _definitions.DeepClone();
        return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    /// <summary>OpenAPI's #/components/schemas/X as #/definitions/X, where the validator looks.</summary>
    static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                    if (key == "$ref" && value?.GetValue<string>() is { } reference)
                        o[key] = reference.Replace("#/components/schemas/", "#/definitions/");
                    else if (value is not null) Rewrite(value);
                break;
            case JsonArray a:
                foreach (var item in a) if (item is not null) Rewrite(item);
                break;
        }
        return node;
    }

    static string Clip(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
