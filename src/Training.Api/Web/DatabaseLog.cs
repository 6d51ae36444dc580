using Marten;
using Marten.Services;
using Npgsql;

namespace Training.Web;

/// <summary>
/// Marten's own log of failed commands writes every parameter value (event JSON holds names and masked ID numbers, a
/// trainee's stream the full number) and logs an expected conflict (two registrations of one credit code racing) at
/// error level with its SQL. This one never writes a parameter value or event data: a conflict the service answers
/// with 409 is a debug line, a lost connection a warning, anything else an error naming the statement, the SQL
/// state and the server's message (whose detail Npgsql leaves out unless asked).
/// </summary>
public sealed class DatabaseLog(ILogger<DatabaseLog> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Schema change: {Sql}", sql);

    public void LogSuccess(NpgsqlCommand command) { }
    public void LogSuccess(NpgsqlBatch batch) { }
    public void OnBeforeExecute(NpgsqlCommand command) { }
    public void OnBeforeExecute(NpgsqlBatch batch) { }
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(Statement(command.CommandText), ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Failed(string.Join("; ", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => Statement(c.CommandText)).Distinct()), ex);

    public void LogFailure(Exception ex, string message) => Failed(message, ex);

    void Failed(string what, Exception ex)
    {
        switch (Outage.Classify(ex))
        {
            case Outage.Kind.Conflict:
                logger.LogDebug("Refused by the database as a conflict ({SqlState}) in {Statement}", SqlState(ex), what);
                break;
            case Outage.Kind.Unavailable:
                logger.LogWarning("Database unavailable ({Error}) in {Statement}", Outage.Describe(ex), what);
                break;
            default:
                logger.LogError("Database command failed ({Error}) in {Statement}", Outage.Describe(ex), what);
                break;
        }
    }

    static string? SqlState(Exception ex) => (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState;

    /// <summary>The statement's first line, clipped: enough to tell which, never its values (those are parameters).</summary>
    static string Statement(string sql)
    {
        var line = sql.AsSpan().Trim();
        var end = line.IndexOfAny('\n', '\r');
        if (end >= 0) line = line[..end];
        return line.Length <= 120 ? line.ToString() : line[..120].ToString() + "…";
    }
}
