using System.Data;
using Npgsql;
using Training.Catalogue;
using Training.Reports;
using Training.Targets;
using Counts = Training.Progress.GetProgressEndpoint.Counts;

namespace Training.Progress;

/// <summary>
/// A region's figures over a span of years: for each programme and year, and rolled up over every programme
/// (<see cref="Target.AllProgrammes"/>) and over the whole span (year null). Unique people are counted distinct
/// at each level, so a roll-up's unique trainees are not the sum of its parts; person-times and certificates are.
/// </summary>
public sealed class ProgressCounts(IReadOnlyDictionary<(string Programme, int? Year), Counts> counts)
{
    public Counts Of(string programme, int? year = null) => counts.GetValueOrDefault((programme, year), Counts.None);

    /// <summary>A region's figures include every region below it: the column of the region's own level picks them.</summary>
    public static string ColumnFor(Region region) => region.Level switch
    {
        RegionLevel.Province => "province_code",
        RegionLevel.City => "city_code",
        _ => "region_code"
    };

    /// <summary>
    /// The status an enrollment had at the end of the as-of day: it changes once at most, so it had its present
    /// status if that change was recorded by then, and was active otherwise.
    /// </summary>
    public static string StatusAsOf(AsOf? asOf, string alias = "f") =>
        asOf is null ? $"{alias}.status" : $"(case when {alias}.changed_at < $4 then {alias}.status else 'active' end)";

    /// <summary>Rows recorded by the end of the as-of day ($4); every row when there is no as-of.</summary>
    public static string EnrollmentKnownAsOf(AsOf? asOf, string alias = "f") => asOf is null ? "true" : $"{alias}.enrolled_at < $4";

    /// <summary>A certificate valid at the end of the as-of day: recorded by then and not yet revoked.</summary>
    public static string CertificateValidAsOf(AsOf? asOf, string alias = "c") => asOf is null
        ? $"{alias}.status = 'valid'"
        : $"{alias}.recorded_at < $4 and ({alias}.revoked_at is null or {alias}.revoked_at >= $4)";

    /// <summary>$1 the region's code, $2 and $3 the first and last year, $4 (only when asked) the as-of instant.</summary>
    public static NpgsqlParameter[] Parameters(Region region, TargetPeriod period, AsOf? asOf) => asOf is { } a
        ? [new() { Value = region.Code }, new() { Value = period.FromYear }, new() { Value = period.ToYear }, new() { Value = a.Until }]
        : [new() { Value = region.Code }, new() { Value = period.FromYear }, new() { Value = period.ToYear }];

    public static async Task<ProgressCounts> QueryAsync(NpgsqlDataSource db, Region region, TargetPeriod period, AsOf? asOf,
        CancellationToken cancellation)
    {
        await using var connection = await db.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        var counts = await QueryAsync(connection, region, period, asOf, cancellation);
        await transaction.CommitAsync(cancellation);
        return counts;
    }

    /// <summary>
    /// In a transaction of the caller's, so that a report's other queries read the same snapshot. Turns PostgreSQL's JIT
    /// compiler off for the rest of it: these plans' cost estimates pass its threshold, and compiling takes longer
    /// (some 40 ms) than summing a city's rows does.
    /// </summary>
    public static async Task<ProgressCounts> QueryAsync(NpgsqlConnection connection, Region region, TargetPeriod period, AsOf? asOf,
        CancellationToken cancellation)
    {
        var column = ColumnFor(region);
        var status = StatusAsOf(asOf);
        // Over one year the per-year sets would repeat the others: two sets instead of four halve the distinct counting.
        var yearly = period.IsYearly;
        string Sets(string a) => yearly ? $"({a}.programme), ()" : $"({a}.programme, {a}.year), ({a}.programme), ({a}.year), ()";
        string Columns(string a) => yearly
            ? $"grouping({a}.programme), 1, {a}.programme, null::int"
            : $"grouping({a}.programme), grouping({a}.year), {a}.programme, {a}.year";
        // Trainees are counted for the year their class started; certificates for the year they were awarded.
        // The certified share asks of the passed trainees: do they hold a valid certificate of the programme?
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set local jit = off"));
        batch.BatchCommands.Add(Command($"""
            select {Columns("f")},
              count(*) filter (where f.status in ('active', 'completed')),
              count(*) filter (where f.status = 'completed' and f.passed),
              count(distinct f.trainee_id) filter (where f.status in ('active', 'completed')),
              count(*) filter (where f.status = 'withdrawn'),
              count(*) filter (where f.status = 'cancelled'),
              count(distinct f.trainee_id) filter (where f.status = 'completed' and f.passed),
              count(distinct f.trainee_id) filter (where f.status = 'completed' and f.passed and exists (
                select 1 from {CertificateFacts.TableName} c
                where c.trainee_id = f.trainee_id and c.programme = f.programme and {CertificateValidAsOf(asOf)}))
            from (
              select f.programme, f.year, f.trainee_id, f.passed, {status} as status
              from {EnrollmentFacts.TableName} f
              where f.{column} = $1 and f.year between $2 and $3 and {EnrollmentKnownAsOf(asOf)}
            ) f
            group by grouping sets ({Sets("f")})
            """, region, period, asOf));
        batch.BatchCommands.Add(Command($"""
            select {Columns("c")}, count(*), count(distinct c.trainee_id)
            from {CertificateFacts.TableName} c
            where c.{column} = $1 and c.year between $2 and $3 and {CertificateValidAsOf(asOf)}
            group by grouping sets ({Sets("c")})
            """, region, period, asOf));

        var counts = new Dictionary<(string, int?), Counts>();
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            counts[Key(reader)] = new Counts(Int(reader, 4), Int(reader, 5), Int(reader, 6), Int(reader, 7), Int(reader, 8),
                Int(reader, 9), Int(reader, 10));
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var key = Key(reader);
            counts[key] = counts.GetValueOrDefault(key, Counts.None) with { Certified = Int(reader, 4), CertifiedTrainees = Int(reader, 5) };
        }
        if (yearly) // the span is the one year
            foreach (var ((programme, _), c) in counts.ToList()) counts[(programme, period.FromYear)] = c;
        return new ProgressCounts(counts);
    }

    static NpgsqlBatchCommand Command(string sql, Region region, TargetPeriod period, AsOf? asOf)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(Parameters(region, period, asOf));
        return command;
    }

    // grouping(x) is 1 where the row rolls x up: over every programme, or over the whole span.
    static (string, int?) Key(NpgsqlDataReader r) =>
        (r.GetInt32(0) == 1 ? Target.AllProgrammes : r.GetString(2), r.GetInt32(1) == 1 ? null : r.GetInt32(3));

    static int Int(NpgsqlDataReader r, int ordinal) => (int)r.GetInt64(ordinal);
}
