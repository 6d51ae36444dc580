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
    int Withdrawn, int Cancelled, int Certified, int CertifiedTrainees, int CompletedTrainees, decimal? CertifiedShareOfCompleted);

public sealed record RegionProgress(string RegionCode, string RegionName, int Year, IReadOnlyList<ProgrammeProgress> Programmes);

public static class GetProgressEndpoint
{
    public sealed record Counts(
        int Enrolled = 0, int Completed = 0, int UniqueTrainees = 0, int Withdrawn = 0, int Cancelled = 0,
        int CompletedTrainees = 0, int CertifiedCompletedTrainees = 0, int Certified = 0, int CertifiedTrainees = 0)
    {
        public static readonly Counts None = new();
    }

    /// <summary>Pure: every programme of the catalogue appears, with or without a target or any enrollment.</summary>
    public static RegionProgress Combine(Region region, int year, IEnumerable<Programme> programmes,
        IReadOnlyDictionary<string, Counts> counts, IReadOnlyDictionary<string, int> targets) =>
        new(region.Code, region.Name, year, programmes.Select(p =>
        {
            var c = counts.GetValueOrDefault(p.Code, Counts.None);
            int? target = targets.TryGetValue(p.Code, out var t) ? t : null;
            return new ProgrammeProgress(p.Code, p.Name, target, c.Enrolled, c.Completed, c.UniqueTrainees, Percent(c.Enrolled, target),
                c.Withdrawn, c.Cancelled, c.Certified, c.CertifiedTrainees, c.CompletedTrainees,
                Percent(c.CertifiedCompletedTrainees, c.CompletedTrainees));
        }).ToList());

    static decimal? Percent(int part, int? whole) => whole > 0 ? Math.Round(100m * part / whole.Value, 1) : null;

    [WolverineGet("/api/progress/{regionCode}/{year}")]
    public static async Task<IResult> Get(string regionCode, int year, IQuerySession session, NpgsqlDataSource db,
        ProgrammeCatalogue catalogue, CancellationToken cancellation)
    {
        if (catalogue.Region(regionCode) is not { } region) return Problems.NotFound("regionCode", $"no region {Validation.Clip(regionCode)}");
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
        // Trainees are counted for the year their class started; certificates for the year they were awarded.
        // The certified share asks of that year's passed trainees: do they hold a valid certificate of the programme?
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new($"""
            select f.programme,
              count(*) filter (where f.status in ('active', 'completed')),
              count(*) filter (where f.status = 'completed' and f.passed),
              count(distinct f.trainee_id) filter (where f.status in ('active', 'completed')),
              count(*) filter (where f.status = 'withdrawn'),
              count(*) filter (where f.status = 'cancelled'),
              count(distinct f.trainee_id) filter (where f.status = 'completed' and f.passed),
              count(distinct f.trainee_id) filter (where f.status = 'completed' and f.passed and exists (
                select 1 from {CertificateFacts.TableName} c
                where c.trainee_id = f.trainee_id and c.programme = f.programme and c.status = 'valid'))
            from {EnrollmentFacts.TableName} f
            where f.{column} = $1 and f.year = $2
            group by f.programme
            """) { Parameters = { new() { Value = region.Code }, new() { Value = year } } });
        batch.BatchCommands.Add(new($"""
            select programme, count(*), count(distinct trainee_id)
            from {CertificateFacts.TableName}
            where {column} = $1 and year = $2 and status = 'valid'
            group by programme
            """) { Parameters = { new() { Value = region.Code }, new() { Value = year } } });

        var counts = new Dictionary<string, Counts>();
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            counts[reader.GetString(0)] = new Counts((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7));
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            counts[reader.GetString(0)] = counts.GetValueOrDefault(reader.GetString(0), Counts.None) with
            {
                Certified = (int)reader.GetInt64(1), CertifiedTrainees = (int)reader.GetInt64(2)
            };
        return counts;
    }
}
