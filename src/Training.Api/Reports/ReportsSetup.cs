using JasperFx.Events;
using Marten;
using Training.Progress;
using Training.Web;
using Scalar.AspNetCore;

namespace Training.Reports;

/// <summary>What the bureau's reports need from the host: see the README's "Reports" for what they answer.</summary>
public static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.ConfigureMarten((sp, options) => ConfigureReportsStore(options, sp.GetRequiredService<TimeProvider>()));
        services.InitializeMartenWith<ReportsBackfill>();
        services.AddOpenApi(ApiDescription.Configure);
        return services;
    }

    /// <summary>
    /// Events are stamped with the service's clock (<see cref="TimeProvider"/>) rather than the database's now(): that
    /// timestamp is the moment the service recorded the change, which is what an as-of report asks about, and the fact
    /// tables copy it from the event (so a rebuild reproduces it). Tests move a fake clock between commands.
    /// </summary>
    public static void ConfigureReportsStore(StoreOptions options, TimeProvider clock)
    {
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.TimeProvider = new UtcClock(clock);
    }

    /// <summary>The API's description at /openapi/v1.json and a page to browse it at /docs, both open to anyone.</summary>
    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        // Everything the page loads is served from here: no fonts or scripts from a CDN, no telemetry.
        app.MapScalarApiReference("/docs", o => o
                .WithTitle("Training API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools())
            .AllowAnonymous();
        return app;
    }

    /// <summary>PostgreSQL's timestamptz takes UTC only; a clock may answer "now" at another offset (a test's fake clock does).</summary>
    sealed class UtcClock(TimeProvider inner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().ToUniversalTime();
    }
}
