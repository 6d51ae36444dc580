using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Training.Access;
using Training.Tests.Support;

namespace Training.Tests.Progress;

/// <summary>
/// Two nodes of the service, real processes in Wolverine's Balanced mode on a database of their own. Wolverine runs the
/// progress projection on one of them. Killing one node, then bringing it back and killing the other, kills the node
/// running the projection at least once, whichever it was: the survivor must take the projection over, and its figures
/// must be exact (no event projected twice or skipped across the move).
/// </summary>
[Collection(Name)]
public class when_the_node_running_the_projection_dies
{
    public const string Name = "nodes";
    static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task the_other_node_takes_over_and_the_figures_stay_exact()
    {
        var database = $"training_nodes_{Environment.ProcessId}";
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Training")!) { Database = "postgres" };
        var cs = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
        await Sql(admin.ConnectionString, $"drop database if exists {database} with (force)");
        await Sql(admin.ConnectionString, $"create database {database}");
        var nodes = new List<Process>();
        try
        {
            var a = await Start(cs, 15610, nodes);
            var b = await Start(cs, 15611, nodes);
            var classId = await Created(a, "/api/classes", new
            {
                institutionId = await Created(a, "/api/institutions", new
                {
                    name = "河源市技师学院", creditCode = People.CreditCode(9001), kind = "technical-school", regionCode = "441625"
                }),
                programme = "yuecai", title = "客家菜烹饪培训班", startDate = "2026-03-01", endDate = "2026-03-20", capacity = 100
            });
            await Enroll(a, classId, 0, 10);
            await Enroll(b, classId, 10, 10);
            (await Enrolled(b)).Should().Be(20);

            Kill(nodes[0]);
            await Enroll(b, classId, 20, 10);
            (await Enrolled(b)).Should().Be(30, "the figures on the surviving node are exact");

            var again = await Start(cs, 15612, nodes);
            Kill(nodes[1]);
            await Enroll(again, classId, 30, 10);
            (await Enrolled(again)).Should().Be(40, "the figures on the surviving node are exact");
        }
        finally
        {
            foreach (var node in nodes) Kill(node);
            await Sql(admin.ConnectionString, $"drop database if exists {database} with (force)");
        }
    }

    static async Task<HttpClient> Start(string cs, int port, List<Process> nodes)
    {
        var api = Path.Combine(RepositoryRoot(), "src", "Training.Api", "bin", Configuration(), "net10.0", "Training.Api.dll");
        var start = new ProcessStartInfo("dotnet", [api, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!, RedirectStandardOutput = true, RedirectStandardError = true
        };
        start.Environment["ConnectionStrings__Training"] = cs;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Training__TraineeIdSecret"] = "test-secret";
        start.Environment["Auth__SigningKey"] = TrainingHost.SigningKey;
        start.Environment["Training__Durability"] = "Balanced";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        nodes.Add(process);

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = TrainingHost.SigningKey }).Build();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            Authentication.DevToken(config, TimeProvider.System, Roles.Admin, "test-admin", "Test admin", null, null, null));
        await Poll.Until(async () =>
        {
            process.HasExited.Should().BeFalse("the node should start");
            try
            {
                return (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, up => up, TimeSpan.FromSeconds(120), "a node starts within two minutes", everyMs: 200);
        return client;
    }

    static async Task<Guid> Created(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, Api.Json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Created>(Api.Json))!.Id;
    }

    static async Task Enroll(HttpClient client, Guid classId, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var response = await client.PostAsJsonAsync($"/api/classes/{classId}/enrollments",
                new { idNumber = People.IdNumber(i, "441622"), name = $"学员{i}" }, Api.Json);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>
    /// The province's yuecai person-times once a read is answered: it answers 503 while no node runs the projection, and,
    /// once one does, reflects every enrollment acknowledged before the read.
    /// </summary>
    static async Task<int> Enrolled(HttpClient client)
    {
        var response = await Poll.Until(async () =>
        {
            var answer = await client.GetAsync("/api/progress/440000/2026");
            if (answer.StatusCode != HttpStatusCode.OK)
                answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await answer.Content.ReadAsStringAsync());
            return answer;
        }, answer => answer.StatusCode == HttpStatusCode.OK, TakeOver, "another node takes the projection over within seconds");
        var progress = (await response.Content.ReadFromJsonAsync<RegionProgress>(Api.Json))!;
        progress["yuecai"].UniqueTrainees.Should().Be(progress["yuecai"].Enrolled);
        return progress["yuecai"].Enrolled;
    }

    static void Kill(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    static async Task Sql(string cs, string sql)
    {
        await using var db = NpgsqlDataSource.Create(cs);
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    static string Configuration() =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(when_the_node_running_the_projection_dies).Assembly.Location))!)!;

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Training.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Training.sln above the tests");
    }
}
