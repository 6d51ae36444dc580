using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Certificates;
using Training.Classes;
using Training.Employment;
using Training.Institutions;
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

var connectionString = config.GetConnectionString("Training")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Training (./ops/run does it for you).");
var dataFolder = AppContext.BaseDirectory;

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(ProgrammeCatalogue.Load(Path.Combine(dataFolder, "Catalogue")));
builder.Services.AddSingleton(new TraineeIdentity(config["Training:TraineeIdSecret"]
    ?? throw new InvalidOperationException("Set Training:TraineeIdSecret; it must never change once trainees are recorded.")));
builder.Services.AddSingleton(NpgsqlDataSource.Create(Database.Tuned(connectionString)));
builder.Services.AddTrainingAuthentication(config);

// Development and tests generate handler code at start; production loads the code `codegen write` made
// into the build when it is there (./ops/bench does so), saving Roslyn's start-up time and memory.
builder.Services.CritterStackDefaults(x =>
{
    x.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
    x.Production.GeneratedCodeMode = TypeLoadMode.Auto;
});

builder.Services.AddMarten(options =>
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
        options.Projections.Add(new EnrollmentFacts(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CertificateFacts(), ProjectionLifecycle.Inline);
        options.Storage.ExtendedSchemaObjects.Add(EnrollmentFacts.Table());
        options.Storage.ExtendedSchemaObjects.Add(CertificateFacts.Table());
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .InitializeWith(new PlanTargets(Path.Combine(dataFolder, "Targets", "plan-targets.json"), TimeProvider.System))
    // Wolverine runs the asynchronous progress projection on exactly one node and moves it when that node goes (Marten's own
    // election needs what the DistributedLock stand-in lacks: ops/shim/README.md).
    .IntegrateWithWolverine(x => x.UseWolverineManagedEventSubscriptionDistribution = true);

builder.Host.UseWolverine(options =>
{
    options.Policies.AutoApplyTransactions();
    options.Durability.Mode = config.GetValue("Training:Durability", DurabilityMode.Balanced);
});
builder.Services.AddWolverineHttp();
builder.Services.AddReports();
builder.Services.AddProgress();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = MalformedJson.NameTheField);

var app = builder.Build();
app.UseMiddleware<ErrorMapping>();
app.UseStatusCodePages(); // bodiless answers (401, 403, 415, unknown routes) get a problem body too
app.Use(AuditTrail.Correlate);
app.UseAuthentication();
app.UseAuthorization();
app.MapWolverineEndpoints(http =>
{
    http.RejectUnparseableQueryValues = true; // "?asOf=soon" is a 400, not a default value
    // Each endpoint carries its own rules: [Audited] where it appends, [RegionOversight] where its route names a region.
});
app.MapReports();

return await app.RunJasperFxCommands(args);
