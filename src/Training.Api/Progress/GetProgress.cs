using Marten;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Training.Catalogue;
using Training.Targets;
using Training.Web;
using Wolverine.Http;

namespace Training.Progress;

public sealed record ProgrammeProgress(
    string Programme, string Name, int? Target, int Enrolled, int Completed, int UniqueTrainees, decimal? PercentOfTarget,
    int Withdrawn, int Cancelled);

public sealed record RegionProgress(string RegionCode, string RegionName, int Year, IReadOnlyList<ProgrammeProgress> Programmes);

public static class GetProgressEndpoint
{
    public sealed record Counts(int Enrolled, int Completed, int UniqueTrainees, int Withdrawn, int Cancelled)
    {
        public static readonly Counts None = new(0, 0, 0, 0, 0);
    }

    /// <summary>Pure: every programme of the catalogue appears, with or without a target or any enrollment.</summary>
    public static RegionProgress Combine(Region region, int year, IEnumerable<Programme> programmes,
        IReadOnlyDictionary<string, Counts> counts, IReadOnlyDictionary<string, int> targets) =>
        new(region.Code, region.Name, year, programmes.Select(p =>
        {
            var c = counts.GetValueOrDefault(p.Code, Counts.None);
            int? target = targets.TryGetValue(p.Code, out var t) ? t : null;
            decimal? percent = target > 0 ? Math.Round(100m * c.Enrolled / target.Value, 1) : null;
            return new ProgrammeProgress(p.Code, p.Name, target, c.Enrolled, c.Completed, c.UniqueTrainees, percent, c.Withdrawn, c.Cancelled);
        }).ToList());

    [WolverineGet("/api/progress/{regionCode}/{year}")]
    public static async Task<IResult> Get(string regionCode, int year, IQuerySession session, NpgsqlDataSource db,
        ProgrammeCatalogue catalogue, CancellationToken cancellation)
    {
        if (catalogue.Region(regionCode) is not { } region) return Problems.NotFound("regionCode", $"no region {regionCode}");
        if (year is < 2000 or > 2100) return Problems.From(Refusal.Invalid("year", "year must be from 2000 to 2100"));

        var targets = (await session.Query<Target>().Where(t => t.RegionCode == regionCode && t.Year == year).ToListAsync(cancellation))
            .ToDictionary(t => t.Programme, t => t.PersonTimes);
        var counts = await CountAsync(db, region, year, cancellation);
        return Results.Ok(Combine(region, year, catalogue.Programmes, counts, targets));
    }

    // A region's figures include every region below it: pick the column of the region's own level.
    static async Task<Dictionary<string, Counts>> CountAsync(NpgsqlDataSource db, Region region, int year, CancellationToken cancellation)
    {
        var column = region.Level switch
        {
            RegionLevel.Province => "province_code",
            RegionLevel.City => "city_code",
            _ => "region_code"
        };
        await using var command = db.CreateCommand($"""
            select programme,
              count(*) filter (where status in ('active', 'completed')),
              count(*) filter (where status = 'completed' and passed),
              count(distinct trainee_id) filter (where status in ('active', 'completed')),
              count(*) filter (where status = 'withdrawn'),
              count(*) filter (where status = 'cancelled')
            from {EnrollmentFacts.TableName}
            where {column} = $1 and year = $2
            group by programme
            """);
        command.Parameters.Add(new() { Value = region.Code });
        command.Parameters.Add(new() { Value = year });
        var counts = new Dictionary<string, Counts>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            counts[reader.GetString(0)] = new Counts((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5));
        return counts;
    }
}
