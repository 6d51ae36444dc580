using Microsoft.AspNetCore.Http;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Training.Web;

public static class HealthEndpoint
{
    [WolverineGet("/health"), AllowAnonymous]
    public static async Task<IResult> Get(NpgsqlDataSource db, HttpResponse response, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested(); // a probe that timed out needs no answer (see ErrorMapping)
        try
        {
            await using var command = db.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellation);
            return Results.Ok(new { status = "up", database = "up" });
        }
        catch (NpgsqlException)
        {
            response.Headers.RetryAfter = Outage.RetryAfterSeconds.ToString();
            return Results.Problem(statusCode: 503, title: "Database unreachable", detail: "The database cannot be reached.",
                extensions: new Dictionary<string, object?> { ["field"] = "database" });
        }
    }
}
