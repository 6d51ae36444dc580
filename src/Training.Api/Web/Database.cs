using Npgsql;

namespace Training.Web;

public static class Database
{
    /// <summary>
    /// Keeps pooled sessions and their prepared plans. Npgsql's default resets every connection it hands out
    /// (DISCARD ALL), which also drops the cached plans of Marten's append function, so every enrollment planned
    /// the same statements again: ops/bench measured +45 % enrollments/s without it (ops/bench/README.md).
    /// Nothing here keeps session state across requests (locks and settings are transaction-scoped).
    /// A setting the connection string gives explicitly wins.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close")) tuned.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare")) tuned.MaxAutoPrepare = 64;
        if (!given.ContainsKey("Auto Prepare Min Usages")) tuned.AutoPrepareMinUsages = 2;
        return tuned.ConnectionString;
    }
}
