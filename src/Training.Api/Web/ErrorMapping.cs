using JasperFx;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Training.Web;

/// <summary>
/// A client's mistake is never a 500: a request Kestrel refuses keeps its status, and conflicts the database detects at
/// commit (a credit code registered twice at once, a stale stream) become 409. A database that cannot be reached is a
/// 503 with Retry-After; when the connection was lost during COMMIT the outcome is unknown, and the answer says so.
/// Anything else is a 500 whose body says nothing about the inside of the service.
/// </summary>
public sealed class ErrorMapping(RequestDelegate next, ILogger<ErrorMapping> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a health probe's timeout, a closed browser): nobody is left to answer.
            logger.LogInformation("The client left before {Method} {Path} was answered", context.Request.Method, context.Request.Path);
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e, context.Request.Path) is { } problem)
        {
            await Write(context, problem);
        }
        catch (Exception e) when (!context.Response.HasStarted && Outage.Classify(e) == Outage.Kind.Conflict)
        {
            // E.g. two first enrollments of one person in two classes at once, both starting the person's stream.
            logger.LogInformation("Conflict on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, Outage.Describe(e));
            await Write(context, Conflict("a concurrent request changed the same records at the same moment; retry", FieldOf(context.Request.Path)));
        }
        catch (Exception e) when (!context.Response.HasStarted && Outage.Classify(e) == Outage.Kind.Unavailable)
        {
            var unknown = IsCommand(context.Request) && Outage.DuringCommit(e);
            logger.LogWarning("Database unavailable on {Method} {Path} ({Error}){Outcome}", context.Request.Method, context.Request.Path,
                Outage.Describe(e), unknown ? ": the connection was lost during COMMIT, the outcome is unknown" : "");
            context.Response.Headers.RetryAfter = Outage.RetryAfterSeconds.ToString();
            await Write(context, unknown ? OutcomeUnknown(context.Request) : new ProblemDetails
            {
                Status = 503, Title = "Database unavailable",
                Detail = $"The database cannot be reached: the request was not carried out. Retry after {Outage.RetryAfterSeconds} seconds.",
                Extensions = { ["field"] = "database" }
            });
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A database exception's message can quote SQL and values: log what failed and where, not what was in it.
            if (Outage.IsDatabase(e))
                logger.LogError("Unhandled error on {Method} {Path}: {Error}\n{StackTrace}", context.Request.Method, context.Request.Path,
                    Outage.Describe(e), e.StackTrace);
            else
                logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await Write(context, new ProblemDetails { Status = 500, Title = "Internal error", Detail = "The request was not carried out." });
        }
    }

    static bool IsCommand(HttpRequest request) => !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);

    static ProblemDetails OutcomeUnknown(HttpRequest request) => new()
    {
        Status = 503, Title = "Outcome unknown",
        Detail = "The connection to the database was lost while the request was being committed: it may or may not have been " +
                 $"carried out. Retry after {Outage.RetryAfterSeconds} seconds: " + (request.Path.Value?.TrimEnd('/') == "/api/classes"
                     ? "retrying a class registration may register the class twice, so look for it first."
                     : "retrying is safe, since a request that was carried out is refused the second time with 409 naming what it recorded."),
        Extensions = { ["field"] = "request", ["outcome"] = "unknown" }
    };

    static ProblemDetails? Map(Exception e, PathString path) => e switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException collision => Collision(collision.Id, path),
        JasperFx.Events.ExistingStreamIdCollisionException collision => Collision(collision.Id, path),
        ConcurrencyException or Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException =>
            Conflict("it changed while this request ran; read it again and retry", FieldOf(path)),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message, Extensions = { ["field"] = "body" } },
        _ when e.InnerException is { } inner => Map(inner, path),
        _ => null
    };

    /// <summary>A stream key taken by a racing request: the key is the one the client chose (a credit code, a certificate number).</summary>
    static ProblemDetails Collision(object id, PathString path)
    {
        var problem = Conflict($"it already exists (recorded by a concurrent request) as {id}", FieldOf(path));
        problem.Extensions["id"] = id;
        return problem;
    }

    /// <summary>The field whose value the racing requests shared: the key the client chose, or the class.</summary>
    static string FieldOf(PathString path) =>
        path.StartsWithSegments("/api/institutions") ? "creditCode"
        : path.StartsWithSegments("/api/certificates") ? "certificateNo"
        : path.Value?.EndsWith("/enrollments") == true ? "idNumber"
        : "id";

    static ProblemDetails Conflict(string why, string field) => new()
    {
        Status = 409, Title = "Conflict with the current state", Detail = $"Not carried out: {why}.", Extensions = { ["field"] = field }
    };

    /// <summary>Through the problem details service, like every other problem answer (see <see cref="Problems.Complete"/>).</summary>
    static async Task Write(HttpContext context, ProblemDetails problem)
    {
        var retryAfter = context.Response.Headers.RetryAfter;
        context.Response.Clear();
        if (retryAfter.Count > 0) context.Response.Headers.RetryAfter = retryAfter;
        context.Response.StatusCode = problem.Status ?? 500;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            await context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json");
    }
}
