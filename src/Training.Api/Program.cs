using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Certificates;
using Training.Classes;
using Training.Employment;
using Training.Dashboard;
using Training.Enrollments;
using Training.Institutions;
using Training.Operations;
using Training.Progress;
using Training.Reports;
using Training.Targets;
using Training.Trainees;
using Training.Web;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// dev-token prints a token signed with the development key, whatever environment the shell is in.
var devToken = args is ["dev-token", ..];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args, EnvironmentName = devToken ? Environments.Development : null
});
var config = builder.Configuration;
if (devToken) return Authentication.DevTokenCommand(args, config);
SafeDefaults.Check(config, builder.Environment);

var connectionString = config.GetConnectionString("Training")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Training (./ops/run does it for you).");
var dataFolder = AppContext.BaseDirectory;

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(ProgrammeCatalogue.Load(Path.Combine(dataFolder, "Catalogue")));
builder.Services.AddSingleton(new ClassGate());
builder.Services.AddSingleton(new TraineeIdentity(config["Training:TraineeIdSecret"]
    ?? throw new InvalidOperationException("Set Training:TraineeIdSecret; it must never change once trainees are recorded.")));
// Named, so the pool's metrics are labelled "training" rather than with the connection string.
builder.Services.AddSingleton(new NpgsqlDataSourceBuilder(Database.Tuned(connectionString)) { Name = "training" }.Build());
builder.Services.AddTrainingAuthentication(config);
builder.AddOperations(); // telemetry, health probes, graceful drain, request log (Operations/)

// Development and tests generate handler code at start; production loads the code `ops/codegen` wrote into
// Internal/Generated (committed, and checked current by a test), saving Roslyn's start-up time and memory.
builder.Services.CritterStackDefaults(x =>
{
    x.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
    x.Production.GeneratedCodeMode = TypeLoadMode.Static;
});

var durability = config.GetValue("Training:Durability", DurabilityMode.Balanced);
var marten = builder.Services.AddMarten(options =>
    {
        options.DatabaseSchemaName = "training";
        options.UseSystemTextJsonForSerialization(casing: Casing.CamelCase);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        // The audit trail: who (headers), as part of what (correlation id); the event timestamp says when.
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;

        // Inline: a class, a certificate, a person's enrollments are right the moment their command is acknowledged.
        options.Projections.Snapshot<Institution>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<TrainingClass>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Target>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Certificate>(SnapshotLifecycle.Inline);
        options.Schema.For<Certificate>().Index(x => x.TraineeId);
        options.Projections.Snapshot<EmploymentOutcome>(SnapshotLifecycle.Inline);
        options.Schema.For<EmploymentOutcome>().Index(x => x.TraineeId);
        options.Projections.Add(new Roster(), ProjectionLifecycle.Inline);
        options.Schema.For<IdempotentAnswer>(); // first answers under an Idempotency-Key (Web/Idempotency.cs)
        options.Projections.Add(new EnrollmentFacts(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CertificateFacts(), ProjectionLifecycle.Inline);
        options.Storage.ExtendedSchemaObjects.Add(Roster.Table());
        options.Storage.ExtendedSchemaObjects.Add(EnrollmentFacts.Table());
        options.Storage.ExtendedSchemaObjects.Add(CertificateFacts.Table());
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .InitializeWith(new PlanTargets(Path.Combine(dataFolder, "Targets", "plan-targets.json"), TimeProvider.System))
    // With several nodes, Wolverine runs the asynchronous progress projection on exactly one of them and moves it when that
    // node goes (Marten's own election needs what the DistributedLock stand-in lacks: ops/shim/README.md). A single node
    // (Solo) runs Marten's own daemon, which Marten's test helpers pause and resume around a reset.
    .IntegrateWithWolverine(x => x.UseWolverineManagedEventSubscriptionDistribution = durability != DurabilityMode.Solo);
if (durability == DurabilityMode.Solo) marten.AddAsyncDaemon(DaemonMode.Solo);

builder.Services.ConfigureMarten((services, options) =>
{
    options.Logger(new DatabaseLog(services.GetRequiredService<ILogger<DatabaseLog>>())); // no values, no event data in logs
});

builder.Host.UseWolverine(options =>
{
    options.Policies.AutoApplyTransactions();
    options.Durability.Mode = durability;
    // A node that dies hands its agents (the progress projection among them) to another within seconds, not a minute.
    options.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
    options.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(6);
});
builder.Services.AddWolverineHttp();
builder.Services.InitializeMartenWith<RosterUpgrade>();
builder.Services.AddReports();
builder.Services.AddProgress();
builder.Services.ConfigureHttpJsonOptions(MalformedJson.Strict);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Complete);

var app = builder.Build();
if (args is ["rebuild-progress", ..]) return await ProgressRebuild.CommandAsync(app.Services, args);
app.UseOperations();
app.UseMiddleware<ErrorMapping>();
app.UseStatusCodePages(); // bodiless answers (401, 403, 415, unknown routes) get a problem body too
app.Use(AuditTrail.Correlate);
app.Use(Idempotency.Buffer); // a keyed request's body is kept to be read twice: bound, and fingerprinted by [Idempotent]
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseAuthentication()); // health never depends on sign-in
app.UseAuthorization();
app.UseMiddleware<MalformedJson>();
app.MapWolverineEndpoints(http =>
{
    http.RejectUnparseableQueryValues = true; // "?asOf=soon" is a 400, not a default value
    // Each endpoint carries its own rules: [Audited] where it appends, [Idempotent] on each POST command, [RegionOversight] where its route names a region.
});
app.MapReports();
app.MapDashboard();
app.MapOperations();

return await app.RunJasperFxCommands(args);
