using System.Data;
using Npgsql;
using Training.Catalogue;
using Training.Progress;
using Training.Targets;
using Counts = Training.Progress.GetProgressEndpoint.Counts;

namespace Training.Tests.Progress;

/// <summary>
/// The figures summed the plain way, from the fact rows the inline projections keep (one row per enrollment and per
/// certificate): the progress query as it was before the rollups, kept here as the property test's oracle.
/// </summary>
public static class Oracle
{
    static string Column(Region region) => region.Level switch
    {
        RegionLevel.Province => "province_code",
        RegionLevel.City => "city_code",
        _ => "region_code"
    };

    static string StatusAsOf(AsOf? asOf, string alias = "f") =>
        asOf is null ? $"{alias}.status" : $"(case when {alias}.changed_at < $4 then {alias}.status else 'active' end)";

    static string EnrollmentKnownAsOf(AsOf? asOf, string alias = "f") => asOf is null ? "true" : $"{alias}.enrolled_at < $4";

    static string CertificateValidAsOf(AsOf? asOf, string alias = "c") => asOf is null
        ? $"{alias}.status = 'valid'"
        : $"{alias}.recorded_at < $4 and ({alias}.revoked_at is null or {alias}.revoked_at >= $4)";

    static NpgsqlParameter[] Parameters(Region region, TargetPeriod period, AsOf? asOf) => asOf is { } a
        ? [new() { Value = region.Code }, new() { Value = period.FromYear }, new() { Value = period.ToYear }, new() { Value = a.Until }]
        : [new() { Value = region.Code }, new() { Value = period.FromYear }, new() { Value = period.ToYear }];

    /// <summary>Per (programme or all, year or null for the span).</summary>
    public static async Task<Dictionary<(string, int?), Counts>> CountsAsync(NpgsqlDataSource db, Region region, TargetPeriod period, AsOf? asOf)
    {
        var column = Column(region);
        const string sets = "(f.programme, f.year), (f.programme), (f.year), ()";
        await using var connection = await db.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command($"""
            select grouping(f.programme), grouping(f.year), f.programme, f.year,
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
              select f.programme, f.year, f.trainee_id, f.passed, {StatusAsOf(asOf)} as status
              from {EnrollmentFacts.TableName} f
              where f.{column} = $1 and f.year between $2 and $3 and {EnrollmentKnownAsOf(asOf)}
            ) f
            group by grouping sets ({sets})
            """, Parameters(region, period, asOf)));
        batch.BatchCommands.Add(Command($"""
            select grouping(f.programme), grouping(f.year), f.programme, f.year, count(*), count(distinct f.trainee_id)
            from {CertificateFacts.TableName} f
            where f.{column} = $1 and f.year between $2 and $3 and {CertificateValidAsOf(asOf, "f")}
            group by grouping sets ({sets})
            """, Parameters(region, period, asOf)));

        var counts = new Dictionary<(string, int?), Counts>();
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[Key(reader)] = new Counts(Int(reader, 4), Int(reader, 5), Int(reader, 6), Int(reader, 7), Int(reader, 8),
                Int(reader, 9), Int(reader, 10));
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var key = Key(reader);
            counts[key] = counts.GetValueOrDefault(key, Counts.None) with { Certified = Int(reader, 4), CertifiedTrainees = Int(reader, 5) };
        }
        return counts;
    }

    /// <summary>A programme's (or all programmes') year split four ways: (split, code) → enrolled, completed, withdrawn, cancelled, certified.</summary>
    public static async Task<Dictionary<(string, string?), int[]>> SlicesAsync(NpgsqlDataSource db, Region region, int year, string programme, AsOf? asOf)
    {
        var column = Column(region);
        var child = region.Level == RegionLevel.Province ? "coalesce(x.city_code, x.region_code)" : "x.region_code";
        var period = new TargetPeriod(year, year);
        var parameters = Parameters(region, period, asOf);
        var programmeFilter = programme == Target.AllProgrammes ? "" : $"and x.programme = ${parameters.Length + 1}";
        NpgsqlBatchCommand WithProgramme(string sql)
        {
            var command = Command(sql, Parameters(region, period, asOf));
            if (programme != Target.AllProgrammes) command.Parameters.Add(new NpgsqlParameter { Value = programme });
            return command;
        }

        await using var connection = await db.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(WithProgramme($"""
            select grouping(f.child), grouping(f.institution_id), grouping(f.track), f.child, f.institution_id::text, f.track, f.month,
              count(*) filter (where f.status in ('active', 'completed')),
              count(*) filter (where f.status = 'completed' and f.passed),
              count(*) filter (where f.status = 'withdrawn'),
              count(*) filter (where f.status = 'cancelled')
            from (
              select {child} as child, x.institution_id, x.track, extract(month from x.start_date)::int as month, x.passed,
                {StatusAsOf(asOf, "x")} as status
              from {EnrollmentFacts.TableName} x
              where x.{column} = $1 and x.year between $2 and $3 and {EnrollmentKnownAsOf(asOf, "x")} {programmeFilter}
            ) f
            group by grouping sets ((f.child), (f.institution_id), (f.track), (f.month))
            """));
        batch.BatchCommands.Add(WithProgramme($"""
            select grouping(c.child), grouping(c.institution_id), grouping(c.track), c.child, c.institution_id::text, c.track, c.month,
              count(*)
            from (
              select {child} as child, x.institution_id, x.track, extract(month from x.awarded_on)::int as month
              from {CertificateFacts.TableName} x
              where x.{column} = $1 and x.year between $2 and $3 and {CertificateValidAsOf(asOf, "x")} {programmeFilter}
            ) c
            group by grouping sets ((c.child), (c.institution_id), (c.track), (c.month))
            """));

        var slices = new Dictionary<(string, string?), int[]>();
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            slices[SliceKey(reader)] = [Int(reader, 7), Int(reader, 8), Int(reader, 9), Int(reader, 10), 0];
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var key = SliceKey(reader);
            var row = slices.TryGetValue(key, out var r) ? r : slices[key] = new int[5];
            row[4] = Int(reader, 7);
        }
        return slices;
    }

    static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    static (string, int?) Key(NpgsqlDataReader r) =>
        (r.GetInt32(0) == 1 ? Target.AllProgrammes : r.GetString(2), r.GetInt32(1) == 1 ? null : r.GetInt32(3));

    static (string, string?) SliceKey(NpgsqlDataReader r)
    {
        string? Text(int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
        if (r.GetInt32(0) == 0) return ("region", Text(3));
        if (r.GetInt32(1) == 0) return ("institution", Text(4));
        if (r.GetInt32(2) == 0) return ("track", Text(5));
        return ("month", r.IsDBNull(6) ? null : $"{r.GetInt32(6)}");
    }

    static int Int(NpgsqlDataReader r, int ordinal) => (int)r.GetInt64(ordinal);

    /// <summary>
    /// Employment, the plain way: each outcome's events recorded by the as-of moment, the outcome at its last recorded
    /// <c>since</c>, for its class's region and every region above; per (programme or all, year or null for the span) the
    /// outcomes and the distinct people behind them.
    /// </summary>
    public static async Task<Dictionary<(string, int?), (int Employed, int People)>> EmploymentAsync(NpgsqlDataSource db, Region region,
        TargetPeriod period, AsOf? asOf)
    {
        await using var command = db.CreateCommand("""
            select data ->> 'outcomeId', data ->> 'traineeId', data ->> 'programme', data ->> 'regionCode', (data ->> 'since')::date, timestamp
            from training.mt_events where type in ('employment_recorded', 'employment_corrected') order by seq_id
            """);
        var outcomes = new Dictionary<string, (string Trainee, string Programme, DateOnly Since)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                if (asOf is { } a && reader.GetFieldValue<DateTimeOffset>(5) >= a.Until) continue;
                var id = reader.GetString(0);
                var since = reader.GetFieldValue<DateOnly>(4);
                if (outcomes.TryGetValue(id, out var known)) outcomes[id] = known with { Since = since };
                else if (!reader.IsDBNull(3) && ProgressPage.Levels(reader.GetString(3)).Contains(region.Code))
                    outcomes[id] = (reader.GetString(1), reader.GetString(2), since);
            }
        var result = new Dictionary<(string, int?), (int, int)>();
        var inPeriod = outcomes.Values.Where(o => o.Since.Year >= period.FromYear && o.Since.Year <= period.ToYear).ToList();
        foreach (var programme in inPeriod.Select(o => o.Programme).Distinct().Append(Target.AllProgrammes))
        {
            var mine = inPeriod.Where(o => programme == Target.AllProgrammes || o.Programme == programme).ToList();
            result[(programme, null)] = (mine.Count, mine.Select(o => o.Trainee).Distinct().Count());
            foreach (var year in period.EachYear)
            {
                var of = mine.Where(o => o.Since.Year == year).ToList();
                result[(programme, year)] = (of.Count, of.Select(o => o.Trainee).Distinct().Count());
            }
        }
        return result;
    }
}
