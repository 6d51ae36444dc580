using Npgsql;

namespace Training.Operations;

/// <summary>
/// <c>GET /health/ready</c>: 200 when this node should get traffic: it is not draining, the database answers and every
/// projection is within <c>Training:Ready:MaxProjectionLag</c> events of the event store (default 10,000). 503 otherwise,
/// with the reason. <c>GET /health/live</c> only says the process answers (restart it when that fails).
/// </summary>
public static class Readiness
{
    public const long DefaultMaxProjectionLag = 10_000;

    public static async Task<IResult> Check(Drain drain, NpgsqlDataSource db, ProjectionLag lag, IConfiguration config,
        CancellationToken cancellation)
    {
        if (drain.Draining) return NotReady("draining: the node is shutting down");
        IReadOnlyDictionary<string, long> projections;
        try
        {
            await using (var command = db.CreateCommand("select 1")) await command.ExecuteScalarAsync(cancellation);
            projections = await lag.ReadAsync(cancellation);
        }
        catch (NpgsqlException)
        {
            return NotReady("the database does not answer");
        }
        var max = config.GetValue("Training:Ready:MaxProjectionLag", DefaultMaxProjectionLag);
        var behind = projections.Where(p => p.Value > max).Select(p => $"{p.Key} is {p.Value} events behind").ToList();
        return behind.Count > 0
            ? NotReady($"projections behind by more than {max} events: {string.Join(", ", behind)}")
            : Results.Ok(new { status = "ready", database = "up", projectionLag = projections });
    }

    static IResult NotReady(string why) => Results.Problem(statusCode: 503, title: "Not ready", detail: why);
}

/// <summary>
/// A graceful stop: on SIGTERM (or Ctrl-C) the node first answers not-ready, so the balancer's health check takes it out,
/// then keeps serving for <c>Training:Drain</c> (default 5 s; 0 in Development) before the server stops taking
/// connections, and then finishes the requests it holds. A rolling restart behind the balancer drops no request.
/// </summary>
public sealed class Drain(IConfiguration config, ILogger<Drain> logger) : IHostedLifecycleService
{
    volatile bool _draining;
    public bool Draining => _draining;

    public static TimeSpan Period(IConfiguration config) => config.GetValue("Training:Drain", TimeSpan.FromSeconds(5));

    // Runs before any hosted service stops, Kestrel included: the node still serves while it waits.
    public async Task StoppingAsync(CancellationToken cancellation)
    {
        _draining = true;
        var period = Period(config);
        if (period <= TimeSpan.Zero) return;
        logger.LogInformation("Draining for {Seconds} s before stopping", period.TotalSeconds);
        try { await Task.Delay(period, cancellation); }
        catch (OperationCanceledException) { }
    }

    public Task StartingAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellation) => Task.CompletedTask;
}

/// <summary>While draining, answers say so: HTTP/1.1 keep-alive connections are closed after each answer, so clients
/// (and the balancer) open their next connection to another node.</summary>
sealed class DrainGate(RequestDelegate next, Drain drain)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (drain.Draining) context.Response.Headers.Connection = "close";
        return next(context);
    }
}
