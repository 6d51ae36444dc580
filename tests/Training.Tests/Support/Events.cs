using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Training.Tests.Support;

public static class Events
{
    /// <summary>
    /// How many events the store holds: a test that claims "nothing was appended" compares this before and after. Not
    /// Marten's tombstones: it writes them in the background for an earlier failed save (see TrainingHost.ResetAsync).
    /// </summary>
    public static async Task<long> CountAsync(TrainingHost fixture)
    {
        await using var command = fixture.Host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("select count(*) from training.mt_events where type <> 'tombstone'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The types of the events in one stream, in order (Marten's snake-case type names, e.g. person_identified).</summary>
    public static async Task<List<string>> TypesInStreamAsync(TrainingHost fixture, Guid streamId)
    {
        await using var command = fixture.Host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("select type from training.mt_events where stream_id = $1 order by version");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }
}
