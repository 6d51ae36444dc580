using System.Data.Common;
using Npgsql;

namespace Training.Web;

public static class Database
{
    /// <summary>
    /// Keeps pooled sessions and their prepared plans. Npgsql's default resets every connection it hands out
    /// (DISCARD ALL), which also drops the cached plans of Marten's append function, so every enrollment planned
    /// the same statements again: ops/bench measured +45 % enrollments/s without it (ops/benchmarks/README.md).
    /// Nothing here keeps session state across requests (locks and settings are transaction-scoped).
    /// A setting the connection string gives explicitly wins.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one knows only what was given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("noresetonclose")) tuned.NoResetOnClose = true;
        if (!given.Contains("maxautoprepare")) tuned.MaxAutoPrepare = 64;
        if (!given.Contains("autoprepareminusages")) tuned.AutoPrepareMinUsages = 2;
        return tuned.ConnectionString;
    }
}
