using JasperFx;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Training.Web;

/// <summary>
/// A client's mistake is never a 500: a request Kestrel refuses keeps its status, and conflicts the database detects at
/// commit (a credit code registered twice at once, a stale stream) become 409. Anything else is a 500
/// whose body says nothing about the inside of the service.
/// </summary>
public sealed class ErrorMapping(RequestDelegate next, ILogger<ErrorMapping> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Map(e) is { } problem)
        {
            await Write(context, problem);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await Write(context, new ProblemDetails { Status = 500, Title = "Internal error", Detail = "The request was not carried out." });
        }
    }

    static ProblemDetails? Map(Exception e) => e switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => Conflict("it already exists (recorded by a concurrent request)"),
        ConcurrencyException or Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException => Conflict("it changed while this request ran; read it again and retry"),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        _ when e.InnerException is { } inner => Map(inner),
        _ => null
    };

    static ProblemDetails Conflict(string why) => new() { Status = 409, Title = "Conflict with the current state", Detail = $"Not carried out: {why}." };

    static Task Write(HttpContext context, ProblemDetails problem)
    {
        context.Response.Clear();
        context.Response.StatusCode = problem.Status ?? 500;
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json");
    }
}
