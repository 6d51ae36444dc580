using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Training.Access;
using Wolverine.Attributes;
using Wolverine.Http;

namespace Training.Web;

/// <summary>
/// On every POST command: an <c>Idempotency-Key</c> header (IETF httpapi draft) makes a retry safe. The same key with the
/// same body answers what the first request answered (status, body, Location) and appends nothing; with another body, 422.
/// </summary>
public sealed class IdempotentAttribute() : MiddlewareAttribute(typeof(Idempotency));

/// <summary>
/// The key is scoped by the caller's subject and the route. Its answer is stored in the same transaction as the command's
/// events (the session's transaction begins here and commits at SaveChanges), so a crash never keeps one without the other;
/// a transaction-scoped advisory lock on the key makes a concurrent second request wait for the first, then replay.
/// Only answers that appended (2xx) are stored: a refusal appends nothing, so a retry is decided afresh against the state
/// it meets (a 409 "class is full" may be a 201 once a seat is freed), which is what a client retrying wants.
/// </summary>
public static partial class Idempotency
{
    public const string Header = "Idempotency-Key";
    const string Pending = "idempotency";

    [GeneratedRegex("^[A-Za-z0-9._:~+/=-]{1,255}$")]
    private static partial Regex PlainToken();

    /// <summary>Before the body is bound, so that its bytes can be read again for the fingerprint.</summary>
    public static Task Buffer(HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.ContainsKey(Header)) context.Request.EnableBuffering();
        return next();
    }

    public static async Task<IResult> Before(HttpContext context, IDocumentSession session, CancellationToken ct)
    {
        if (!context.Request.Headers.TryGetValue(Header, out var values)) return WolverineContinue.Result();
        var key = values.Count == 1 ? values[0] : null;
        if (key is null || !PlainToken().IsMatch(key))
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                [Header] = [$"{Header} must be one plain token of 1 to 255 letters, digits or ._:~+/=-"]
            });

        var caller = Caller.From(context.User);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var id = Hex($"{caller.Subject}\n{context.Request.Method} {route}\n{context.Request.Path}\n{key}");
        var fingerprint = Hex(await Body(context.Request, ct));

        await session.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection))
        {
            command.Parameters.AddWithValue(id);
            await command.ExecuteNonQueryAsync(ct);
        }

        var stored = await session.LoadAsync<IdempotentAnswer>(id, ct);
        if (stored is null)
        {
            context.Items[Pending] = new IdempotentAnswer(id, fingerprint, 0, null, null, []);
            return WolverineContinue.Result();
        }
        if (stored.Fingerprint != fingerprint)
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                detail: $"this {Header} was used for a request with a different body; use a new key for a new request",
                extensions: new Dictionary<string, object?> { ["field"] = Header });
        return new Replay(stored);
    }

    /// <summary>After the endpoint and before Wolverine saves the session: the answer joins the command's events.</summary>
    public static async Task After(HttpContext context, IDocumentSession session, IResult result)
    {
        if (context.Items[Pending] is not IdempotentAnswer pending || result is Replay) return;
        var probe = new DefaultHttpContext { RequestServices = context.RequestServices };
        var body = new MemoryStream();
        probe.Response.Body = body;
        await result.ExecuteAsync(probe);
        if (probe.Response.StatusCode is < 200 or >= 300) return;
        session.Store(pending with
        {
            Status = probe.Response.StatusCode, ContentType = probe.Response.ContentType,
            Location = probe.Response.Headers.Location.FirstOrDefault(), Body = body.ToArray()
        });
    }

    static async Task<byte[]> Body(HttpRequest request, CancellationToken ct)
    {
        if (!request.Body.CanSeek) return [];
        var at = request.Body.Position;
        request.Body.Position = 0;
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        request.Body.Position = at;
        return copy.ToArray();
    }

    static string Hex(string text) => Hex(Encoding.UTF8.GetBytes(text));
    static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The first answer, written again byte for byte.</summary>
    sealed class Replay(IdempotentAnswer stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = stored.Status;
            if (stored.Location is not null) context.Response.Headers.Location = stored.Location;
            if (stored.ContentType is not null) context.Response.ContentType = stored.ContentType;
            context.Response.Headers["Idempotent-Replayed"] = "true";
            await context.Response.Body.WriteAsync(stored.Body);
        }
    }
}

/// <summary>A command's first answer under an idempotency key. <paramref name="Id"/> hashes caller, route and key.</summary>
public sealed record IdempotentAnswer(string Id, string Fingerprint, int Status, string? ContentType, string? Location, byte[] Body);
