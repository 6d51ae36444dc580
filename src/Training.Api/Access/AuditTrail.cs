using System.Text.RegularExpressions;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Training.Access;

/// <summary>
/// Every event records who appended it (the token's subject and name, as event headers), when (the event's
/// timestamp) and the request's correlation id, so a stream's history answers "who did what, when, as part of what".
/// </summary>
public static partial class AuditTrail
{
    public const string Header = "X-Correlation-Id";
    public const string UserHeader = "user", UserNameHeader = "user-name", RoleHeader = "role";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex AcceptableCorrelationId();

    /// <summary>Takes the caller's X-Correlation-Id when it is a plain token, or makes one; echoes it in the answer.</summary>
    public static Task Correlate(HttpContext context, Func<Task> next)
    {
        var given = context.Request.Headers[Header].FirstOrDefault();
        var id = given is not null && AcceptableCorrelationId().IsMatch(given) ? given : Guid.CreateVersion7().ToString("N");
        context.Items[Header] = id;
        context.Response.Headers[Header] = id;
        return next();
    }

    /// <summary>Wolverine middleware on every endpoint that writes: stamps the session before the endpoint appends.</summary>
    public static void Before(HttpContext context, IDocumentSession session)
    {
        var caller = Caller.From(context.User);
        session.CorrelationId = context.Items[Header] as string;
        session.SetHeader(UserHeader, caller.Subject);
        session.SetHeader(UserNameHeader, caller.Name);
        session.SetHeader(RoleHeader, caller.Role);
    }

    public sealed record Actor(string? Subject, string? Name, string? Role);

    public sealed record Entry(long Version, DateTimeOffset At, string Event, Actor By, string? CorrelationId, object Data);

    public static IReadOnlyList<Entry> Of(IEnumerable<IEvent> events) => events.Select(e => new Entry(
        e.Version, e.Timestamp, e.EventTypeName,
        new Actor(e.GetHeader(UserHeader)?.ToString(), e.GetHeader(UserNameHeader)?.ToString(), e.GetHeader(RoleHeader)?.ToString()),
        e.CorrelationId, e.Data)).ToList();
}
