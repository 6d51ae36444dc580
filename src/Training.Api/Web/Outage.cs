using Npgsql;

namespace Training.Web;

/// <summary>What a database failure means for the request that met it, told from the exception alone.</summary>
public static class Outage
{
    public enum Kind { Other, Conflict, Unavailable }

    /// <summary>Seconds a client should wait before retrying while the database is away.</summary>
    public const int RetryAfterSeconds = 5;

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }

    public static Kind Classify(Exception e)
    {
        foreach (var x in Chain(e))
        {
            switch (x)
            {
                // 23505 unique violation and MT003 (Marten's append: the stream moved on): a racing request got there
                // first. 40P01: a deadlock PostgreSQL broke.
                case PostgresException { SqlState: "23505" or "MT003" or "40P01" }: return Kind.Conflict;
                // 08: connection; 57P01-3: shut down or starting up; 53300: too many connections.
                case PostgresException pg when pg.SqlState.StartsWith("08") || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return Kind.Unavailable;
                case PostgresException: return Kind.Other;
                // Any other Npgsql failure is about reaching the server: refused, broken, timed out, pool exhausted.
                case NpgsqlException: return Kind.Unavailable;
            }
        }
        return Kind.Other;
    }

    /// <summary>
    /// The connection failed while COMMIT was under way: PostgreSQL may have committed or not, and the service
    /// cannot know. Before COMMIT is sent, a lost connection rolls the transaction back.
    /// </summary>
    public static bool DuringCommit(Exception e) =>
        Chain(e).Any(x => x.StackTrace?.Contains("NpgsqlTransaction.Commit", StringComparison.Ordinal) == true);

    public static bool IsDatabase(Exception e) => Chain(e).Any(x => x is NpgsqlException || x.GetType().Namespace?.StartsWith("Marten") == true);

    /// <summary>
    /// Types, SQL state and the server's message up to its first colon: what is after it may quote a value
    /// ("invalid input syntax for type uuid: ..."), and values can be personal data.
    /// </summary>
    public static string Describe(Exception e) => string.Join(" <- ", Chain(e).Select(x => x switch
    {
        PostgresException pg => $"{pg.SqlState} {pg.MessageText.Split(':')[0]}",
        NpgsqlException npgsql => $"{npgsql.GetType().Name}: {npgsql.Message.Split(':')[0]}",
        _ when x.GetType().Namespace?.StartsWith("Marten") == true => x.GetType().Name,
        _ => $"{x.GetType().Name}: {x.Message.Split(':')[0]}"
    }).Distinct());
}
