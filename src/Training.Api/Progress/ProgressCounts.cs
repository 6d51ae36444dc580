using System.Data;
using Npgsql;
using Training.Catalogue;
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

    /// <summary>
    /// The rows of an as-of read: the months before the as-of day's month and that month's days up to the day ($4 its
    /// month's first day, $5 the day); without an as-of, all the months. A read touches at most a year of months and a
    /// month of days per key, however many enrollments there are.
    /// </summary>
    public static string Known(AsOf? asOf, string alias = "t") => asOf is null
        ? $"{alias}.grain = {ProgressTables.Month}"
        : $"(({alias}.grain = {ProgressTables.Month} and {alias}.day < $4) or ({alias}.grain = {ProgressTables.Day} and {alias}.day between $4 and $5))";

    /// <summary>
    /// The additive totals' rows, from <c>from</c> on: per programme and year, and per year for all programmes (the sum of
    /// theirs, see <see cref="ProgressTables.Whole"/>), whose programme column is null: select <see cref="TotalsProgramme"/>.
    /// </summary>
    public static string TotalRows(AsOf? asOf) => $"""
        from {ProgressTables.Counts} t
        where t.region = $1 and t.year between $2 and $3 and t.split = '{ProgressTables.Whole}' and {Known(asOf)}
          and t.programme <> '{Target.AllProgrammes}'
        group by grouping sets ((t.programme, t.year), (t.year))
        """;

    /// <summary>The programme of a <see cref="TotalRows"/> row.</summary>
    public const string TotalsProgramme = $"coalesce(t.programme, '{Target.AllProgrammes}')";

    /// <summary>The distinct people's rows, from <c>from</c> on: per programme, year, figure and previous year.</summary>
    public static string PeopleRows(AsOf? asOf) => $"""
        from {ProgressTables.People} t
        where t.region = $1 and t.year between $2 and $3 and {Known(asOf)}
        group by t.programme, t.year, t.figure, t.prev
        """;

    /// <summary>$1 the region's code, $2 and $3 the first and last year, $4 and $5 (only when asked) the as-of day's month and day.</summary>
    public static NpgsqlParameter[] Parameters(string regionCode, TargetPeriod period, AsOf? asOf) => asOf is { } a
        ?
        [
            new() { Value = regionCode }, new() { Value = period.FromYear }, new() { Value = period.ToYear },
            new() { Value = new DateOnly(a.Day.Year, a.Day.Month, 1) }, new() { Value = a.Day }
        ]
        : [new() { Value = regionCode }, new() { Value = period.FromYear }, new() { Value = period.ToYear }];

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
    /// In a transaction of the caller's, so that a report's other queries read the same snapshot. Sums the projection's
    /// rows (<see cref="ProgressProjection"/>): per programme and year the additive figures, and the distinct people as
    /// (year, previous year) pairs, from which a span of years counts each person once.
    /// </summary>
    public static async Task<ProgressCounts> QueryAsync(NpgsqlConnection connection, Region region, TargetPeriod period, AsOf? asOf,
        CancellationToken cancellation)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command($"""
            select {TotalsProgramme}, t.year, sum(t.enrolled)::int, sum(t.completed)::int,
              sum(t.withdrawn)::int, sum(t.cancelled)::int, sum(t.certified)::int, sum(t.employed)::int
            {TotalRows(asOf)}
            """, region.Code, period, asOf));
        batch.BatchCommands.Add(Command($"""
            select t.programme, t.year, t.figure, t.prev, sum(t.delta)::int
            {PeopleRows(asOf)}
            """, region.Code, period, asOf));

        var additive = new Dictionary<(string, int), int[]>();
        var people = new List<(string Programme, int Year, short Figure, int Prev, int Count)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
                additive[(reader.GetString(0), reader.GetInt32(1))] =
                    [reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)];
            await reader.NextResultAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                people.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt16(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        return Combine(period, additive, people);
    }

    /// <summary>
    /// Pure: a year's distinct people are every pair of that year; a span's are the pairs of its years whose previous year
    /// lies before the span (the person's first year in it).
    /// </summary>
    public static ProgressCounts Combine(TargetPeriod period, IReadOnlyDictionary<(string Programme, int Year), int[]> additive,
        IReadOnlyList<(string Programme, int Year, short Figure, int Prev, int Count)> people)
    {
        var counts = new Dictionary<(string, int?), Counts>();
        var programmes = additive.Keys.Select(k => k.Programme).Concat(people.Select(p => p.Programme)).Distinct();
        foreach (var programme in programmes)
        {
            Counts Of(IEnumerable<int[]> sums, Func<short, int> distinct)
            {
                var s = sums.Aggregate(new int[6], (a, b) => a.Zip(b, (x, y) => x + y).ToArray());
                return new Counts(s[0], s[1], distinct(ProgressTables.Trainees), s[2], s[3], distinct(ProgressTables.CompletedTrainees),
                    distinct(ProgressTables.CertifiedCompletedTrainees), s[4], distinct(ProgressTables.CertifiedTrainees), s[5],
                    distinct(ProgressTables.EmployedPeople));
            }

            var mine = people.Where(p => p.Programme == programme).ToList();
            foreach (var year in period.EachYear)
                counts[(programme, year)] = Of(additive.TryGetValue((programme, year), out var y) ? [y] : [],
                    figure => mine.Where(p => p.Year == year && p.Figure == figure).Sum(p => p.Count));
            counts[(programme, null)] = Of(additive.Where(a => a.Key.Programme == programme).Select(a => a.Value),
                figure => mine.Where(p => p.Figure == figure && p.Prev < period.FromYear).Sum(p => p.Count));
        }
        return new ProgressCounts(counts);
    }

    static NpgsqlBatchCommand Command(string sql, string regionCode, TargetPeriod period, AsOf? asOf)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(Parameters(regionCode, period, asOf));
        return command;
    }
}
