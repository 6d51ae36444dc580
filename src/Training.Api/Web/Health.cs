using Microsoft.AspNetCore.Http;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Training.Web;

public static class HealthEndpoint
{
    [WolverineGet("/health"), AllowAnonymous, Tags("Service")]
    [EndpointSummary("Whether the service and its database are up (503 when the database is not)")]
    [ProducesResponseType<ApiDescription.HealthAnswer>(200), ProducesResponseType(503)]
    public static async Task<IResult> Get(NpgsqlDataSource db, HttpResponse response, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested(); // a probe that timed out needs no answer (see ErrorMapping)
        try
        {
            // How many events each projection is behind the event store (0 when it has caught up).
            var projections = await Progress.ProgressFreshness.LagAsync(db, cancellation);
            return Results.Ok(new { status = "up", database = "up", projections });
        }
        catch (NpgsqlException)
        {
            response.Headers.RetryAfter = Outage.RetryAfterSeconds.ToString();
            return Results.Problem(statusCode: 503, title: "Database unreachable", detail: "The database cannot be reached.",
                extensions: new Dictionary<string, object?> { ["field"] = "database" });
        }
    }
}
