using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Npgsql;
using Training.Catalogue;
using Training.Certificates;
using Training.Classes;
using Training.Institutions;
using Training.Progress;
using Training.Targets;
using Training.Trainees;
using Training.Web;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;
var connectionString = config.GetConnectionString("Training")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Training (./ops/run does it for you).");
var dataFolder = AppContext.BaseDirectory;

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(ProgrammeCatalogue.Load(Path.Combine(dataFolder, "Catalogue")));
builder.Services.AddSingleton(new TraineeIdentity(config["Training:TraineeIdSecret"]
    ?? throw new InvalidOperationException("Set Training:TraineeIdSecret; it must never change once trainees are recorded.")));
builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));

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

        // Inline: a figure is right the moment its command is acknowledged (see README, "Counting").
        options.Projections.Snapshot<Institution>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<TrainingClass>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Target>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Certificate>(SnapshotLifecycle.Inline);
        options.Schema.For<Certificate>().Index(x => x.TraineeId);
        options.Projections.Add(new EnrollmentFacts(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CertificateFacts(), ProjectionLifecycle.Inline);
        options.Storage.ExtendedSchemaObjects.Add(EnrollmentFacts.Table());
        options.Storage.ExtendedSchemaObjects.Add(CertificateFacts.Table());
    })
    .UseNpgsqlDataSource()
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .InitializeWith(new PlanTargets(Path.Combine(dataFolder, "Targets", "plan-targets.json"), TimeProvider.System))
    .IntegrateWithWolverine();

builder.Host.UseWolverine(options =>
{
    options.Policies.AutoApplyTransactions();
    options.Durability.Mode = config.GetValue("Training:Durability", DurabilityMode.Balanced);
});
builder.Services.AddWolverineHttp();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = MalformedJson.NameTheField);

var app = builder.Build();
app.UseMiddleware<ErrorMapping>();
app.UseStatusCodePages(); // bodiless answers (415, unknown routes) get a problem body too
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);
