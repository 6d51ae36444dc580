using System.Diagnostics.Metrics;
using JasperFx.Events;
using JasperFx.OpenTelemetry;
using OpenTelemetry;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Training.Certificates;
using Training.Enrollments;

namespace Training.Operations;

/// <summary>
/// Traces and metrics through OpenTelemetry, from the libraries' own instrumentation (ASP.NET Core, Npgsql, Marten,
/// Wolverine) plus the service's own meter. Metrics are scraped from <c>GET /metrics</c> (Prometheus text); traces and
/// metrics are exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard OTEL_* variables).
/// </summary>
public static class Telemetry
{
    public const string MeterName = "Training";
    public const string ServiceName = "training-api";

    /// <summary>The names the libraries publish under: Npgsql and Marten by library name, Wolverine's meter per service.</summary>
    static readonly string[] Sources = ["Npgsql", "Marten", "Wolverine"];
    static readonly string[] Meters = [MeterName, "Npgsql", "Marten", "Wolverine:*"];

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrainingMetrics>();
        builder.Services.AddSingleton<ProjectionLag>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ProjectionLag>());
        builder.Services.AddSingleton<Drain>();
        builder.Services.AddHostedService(s => s.GetRequiredService<Drain>());
        // Long enough for the drain and then the requests still running.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Drain.Period(builder.Configuration) + TimeSpan.FromSeconds(30));

        builder.Services.ConfigureMarten((services, options) =>
        {
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.Listeners.Add(new RecordedEvents(services.GetRequiredService<TrainingMetrics>()));
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());
        // Spans only when something receives them: without an exporter they were dropped after being built, and Npgsql's
        // (the full text of every batch) were 12 % of the bytes an enrollment allocated. Log lines keep their trace and
        // span ids either way: ASP.NET Core starts each request's activity for logging.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddSource(Sources))
                .UseOtlpExporter(); // reads the standard OTEL_EXPORTER_OTLP_* variables

        // Every line carries the trace and span it was written in (as scopes), so a log line leads to its trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return builder;
    }

    /// <summary>Probes and scrapes would drown the traces a person wants to read.</summary>
    internal static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseMiddleware<RequestLog>();
        app.UseMiddleware<DrainGate>();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // No token: a scraper has none. Keep it off the public address (the balancer refuses it; see README).
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", Readiness.Check).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

/// <summary>The service's own instruments (meter "Training").</summary>
public sealed class TrainingMetrics
{
    public TrainingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Telemetry.MeterName);
        Enrollments = meter.CreateCounter<long>("training.enrollments.recorded", "{enrollment}", "Enrollments recorded (committed)");
        Certificates = meter.CreateCounter<long>("training.certificates.recorded", "{certificate}", "Certificates recorded (committed)");
        Events = meter.CreateCounter<long>("training.events.appended", "{event}", "Events committed, by event type");
        Refused = meter.CreateCounter<long>("training.commands.refused", "{command}", "Commands answered 4xx, by route and reason");
    }

    public Counter<long> Enrollments { get; }
    public Counter<long> Certificates { get; }
    public Counter<long> Events { get; }
    public Counter<long> Refused { get; }
}

/// <summary>Counts what was committed, after the commit: an enrollment that rolled back is not counted.</summary>
sealed class RecordedEvents(TrainingMetrics metrics) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            metrics.Events.Add(1, new KeyValuePair<string, object?>("event_type", e.EventTypeName));
            if (e.Data is TraineeEnrolled) metrics.Enrollments.Add(1);
            else if (e.Data is CertificateAwarded) metrics.Certificates.Add(1);
        }
        return Task.CompletedTask;
    }
}
