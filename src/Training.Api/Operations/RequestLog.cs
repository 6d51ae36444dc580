using System.Diagnostics;
using Training.Access;

namespace Training.Operations;

/// <summary>
/// One structured line per request: method, route template (never the raw path or query, which can carry
/// identifiers), status, duration, correlation id, the caller's subject, and the trace and span ids that lead to its
/// trace. JSON with <c>Logging__Console__FormatterName=json</c>. Also counts refused commands by route and reason.
/// </summary>
sealed class RequestLog(RequestDelegate next, ILogger<RequestLog> logger, TrainingMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 500;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var request = context.Request;
            if (status is >= 400 and < 500 && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
                metrics.Refused.Add(1, new("http.route", route), new("reason", Reason(status)));
            if (!Telemetry.IsProbe(request.Path) || status >= 400)
            {
                var activity = Activity.Current;
                logger.LogInformation(
                    "{Method} {Route} answered {Status} in {DurationMs:0.0} ms; correlation {CorrelationId}, caller {Subject}, trace {TraceId} span {SpanId}",
                    request.Method, route, status, elapsed, context.Items[AuditTrail.Header] as string,
                    context.User.FindFirst("sub")?.Value, activity?.TraceId.ToString(), activity?.SpanId.ToString());
            }
        }
    }

    static string Reason(int status) => status switch
    {
        400 => "invalid",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        _ => status.ToString()
    };
}
