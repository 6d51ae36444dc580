using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Training.Catalogue;

public sealed record Track(string Code, string Name);

public sealed record Programme(string Code, string Name, string EnglishName, IReadOnlyList<Track> Tracks)
{
    public bool HasTrack(string code) => Tracks.Any(t => t.Code == code);
}

public enum RegionLevel { Province, City, County }

/// <summary>A GB/T 2260 region. Its level and ancestors follow from the code: 44 0000, 4416 00, 441625.</summary>
public sealed record Region(string Code, string Name)
{
    public RegionLevel Level => Code.EndsWith("0000") ? RegionLevel.Province
        : Code.EndsWith("00") ? RegionLevel.City : RegionLevel.County;

    public string ProvinceCode => Code[..2] + "0000";

    /// <summary>Null for a province; the city itself for a city.</summary>
    public string? CityCode => Level == RegionLevel.Province ? null : Code[..4] + "00";

    /// <summary>This region is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsWithin(string ancestor) => Code == ancestor || CityCode == ancestor || ProvinceCode == ancestor;
}

/// <summary>
/// Programmes and regions are data, not enums: the plans name further programmes of the same shape
/// (农村电商, 乡村工匠) and a bureau adds them by editing the JSON files beside this one.
/// </summary>
public sealed class ProgrammeCatalogue
{
    public IReadOnlyList<Programme> Programmes { get; }
    readonly Dictionary<string, Programme> _programmes;
    readonly Dictionary<string, Region> _regions;

    public ProgrammeCatalogue(IReadOnlyList<Programme> programmes, IReadOnlyList<Region> regions)
    {
        Programmes = programmes;
        _programmes = programmes.ToDictionary(p => p.Code);
        _regions = regions.ToDictionary(r => r.Code);
    }

    public Programme? Programme(string? code) => code is null ? null : _programmes.GetValueOrDefault(code);
    public Region? Region(string? code) => code is null ? null : _regions.GetValueOrDefault(code);
    public IEnumerable<Region> Regions => _regions.Values;

    /// <summary>The regions one level below <paramref name="region"/>: a province's cities, a city's counties; none below a county.</summary>
    public IReadOnlyList<Region> Children(Region region) => region.Level switch
    {
        RegionLevel.Province => _regions.Values.Where(r => r.Level == RegionLevel.City && r.ProvinceCode == region.Code).OrderBy(r => r.Code).ToList(),
        RegionLevel.City => _regions.Values.Where(r => r.Level == RegionLevel.County && r.CityCode == region.Code).OrderBy(r => r.Code).ToList(),
        _ => []
    };

    public static ProgrammeCatalogue Load(string folder)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        T Read<T>(string file) => JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(folder, file)), json)
                                  ?? throw new InvalidDataException($"{file} is empty");
        return new(Read<List<Programme>>("programmes.json"), Read<List<Region>>("regions.json"));
    }
}

public static class GetProgrammesEndpoint
{
    [WolverineGet("/api/programmes"), AllowAnonymous, EndpointSummary("The programmes and their tracks")]
    [ProducesResponseType<IReadOnlyList<Programme>>(200)]
    public static IReadOnlyList<Programme> Get(ProgrammeCatalogue catalogue) => catalogue.Programmes;
}
