using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Progress;

public class when_rebuilding_progress(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_new_generation_holds_the_same_figures_and_the_projection_carries_on_into_it()
    {
        var dongyuan = await Api.NewClass("441625");
        var zijin = await Api.NewClass("441621", programme: "jiazheng");
        var enrollments = new List<EnrollmentCreated>();
        for (var i = 0; i < 6; i++) enrollments.Add(await Api.Enroll(i % 2 == 0 ? dongyuan : zijin, People.IdNumber(i), $"学员{i}"));
        await Api.Enroll(zijin, People.IdNumber(0), "学员0");
        await Api.Withdraw(zijin, enrollments[1].EnrollmentId);
        Fixture.Clock.Advance(TimeSpan.FromDays(3));
        await Api.Complete(dongyuan, enrollments[0].EnrollmentId, "2026-03-21");
        var certificate = await Api.Award(People.IdNumber(0), "学员0", classId: dongyuan, regionCode: null);
        await Api.Award(People.IdNumber(2), "学员2", classId: dongyuan, regionCode: null);
        await Api.Revoke(certificate);
        var before = await Api.Get<Training.Progress.RegionProgress>("/api/progress/440000/2026?asOf=2026-06-16");
        var tablesBefore = await Snapshot();

        var output = new StringWriter();
        var replayed = await new ProgressRebuild(Host.Services.GetRequiredService<NpgsqlDataSource>(), output).RunAsync(3, CancellationToken.None);

        replayed.Should().BeGreaterThan(10, output.ToString());
        output.ToString().Should().Contain("switched");
        (await Snapshot()).Should().Equal(tablesBefore);
        (await Api.Get<Training.Progress.RegionProgress>("/api/progress/440000/2026?asOf=2026-06-16")).Should().BeEquivalentTo(before);

        await Api.Enroll(dongyuan, People.IdNumber(9), "学员9");
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(4, "the daemon writes into the new generation");

        // The next start applies the configured schema: the swapped tables must already be it (same index names included).
        await using var connection = await Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        foreach (var table in ProgressTables.All())
            (await table.FindDeltaAsync(connection)).Difference.Should().Be(Weasel.Core.SchemaPatchDifference.None, table.Identifier.ToString());
    }

    [Fact]
    public async Task a_second_rebuild_while_one_runs_does_nothing()
    {
        var classId = await Api.NewClass("441625");
        await Api.Enroll(classId, People.IdNumber(1), "学员1");
        await Api.Progress("441625", 2026); // a read waits until the projection has passed the enrollment
        var before = await Snapshot();
        var db = Host.Services.GetRequiredService<NpgsqlDataSource>();
        // The running rebuild's lock, held by another session (and let go explicitly: a pooled connection keeps it).
        const string key = "hashtext('training'), hashtext('progress_rebuild')";
        await using var running = await db.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({key})", running)) await take.ExecuteScalarAsync();
        var output = new StringWriter();
        long replayed;
        try
        {
            replayed = await new ProgressRebuild(db, output).RunAsync(3, CancellationToken.None);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({key})", running);
            await release.ExecuteScalarAsync();
        }

        replayed.Should().Be(-1);

        output.ToString().Should().Contain("another rebuild of progress is running");
        (await Snapshot()).Should().Equal(before);
        await using var next = db.CreateCommand($"select to_regclass('{ProgressTables.Counts}{ProgressRebuild.Next}') is null");
        ((bool)(await next.ExecuteScalarAsync())!).Should().BeTrue("the refused rebuild makes no next generation");
    }

    Task<List<string>> Snapshot() => Snapshot(Host.Services.GetRequiredService<NpgsqlDataSource>());

    /// <summary>
    /// Every progress table's rows, in a stable order, as text; but for rows whose deltas add up to nothing, which pages of
    /// other sizes, and the set-based rebuild, may or may not leave behind.
    /// </summary>
    internal static async Task<List<string>> Snapshot(NpgsqlDataSource db)
    {
        var rows = new List<string>();
        foreach (var table in ProgressTables.Names)
        {
            await using var command = db.CreateCommand($"select t::text from {table} t where {NotZero(table)} order by 1");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table} {reader.GetString(0)}");
        }
        return rows;
    }

    static string NotZero(string table) => table switch
    {
        ProgressTables.Counts => "(enrolled, completed, withdrawn, cancelled, certified, employed) <> (0, 0, 0, 0, 0, 0)",
        ProgressTables.People => "delta <> 0",
        _ => "true"
    };
}
