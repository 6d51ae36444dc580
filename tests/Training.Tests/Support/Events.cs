using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Training.Tests.Support;

public static class Events
{
    /// <summary>How many events the store holds: a test that claims "nothing was appended" compares this before and after.</summary>
    public static async Task<long> CountAsync(TrainingHost fixture)
    {
        await using var command = fixture.Host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("select count(*) from training.mt_events");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
