using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Progress;
using Training.Tests.Support;

namespace Training.Tests.Progress;

public class when_a_read_waits_for_the_projection(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_read_right_after_a_command_sees_it()
    {
        var classId = await Api.NewClass();
        for (var i = 0; i < 5; i++)
        {
            await Api.Enroll(classId, People.IdNumber(i), $"学员{i}");
            (await Api.Progress("440000", 2026))["yuecai"].Enrolled.Should().Be(i + 1);
        }
    }

    [Fact]
    public async Task a_projection_that_cannot_catch_up_in_time_gets_a_503_and_no_stale_figure()
    {
        var classId = await Api.NewClass();
        await Api.Enroll(classId, People.IdNumber(1));
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(1);

        // Hold the projection back: it cannot write its counts while another transaction locks them.
        await using (var connection = await Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand("lock table training.progress_counts in exclusive mode", connection, transaction))
                await command.ExecuteNonQueryAsync();
            await Api.Enroll(classId, People.IdNumber(2), "李四");

            var response = await Api.Send(HttpMethod.Get, "/api/progress/441625/2026");
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            response.Headers.RetryAfter.Should().NotBeNull();

            var health = JsonDocument.Parse(await (await Api.Send(HttpMethod.Get, "/health")).Content.ReadAsStringAsync());
            health.RootElement.GetProperty("projections").GetProperty(ProgressProjection.ShardName).GetInt64().Should().BePositive();
            await transaction.RollbackAsync();
        }

        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(2);
        var caughtUp = JsonDocument.Parse(await (await Api.Send(HttpMethod.Get, "/health")).Content.ReadAsStringAsync());
        caughtUp.RootElement.GetProperty("projections").GetProperty(ProgressProjection.ShardName).GetInt64().Should().Be(0);
    }
}
