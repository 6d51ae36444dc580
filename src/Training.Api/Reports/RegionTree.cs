using System.Text.Json;
using Training.Catalogue;

namespace Training.Reports;

/// <summary>The regions of the catalogue's regions.json as a tree, for breakdowns that list every region below one.</summary>
public sealed class RegionTree(IReadOnlyList<Region> regions)
{
    /// <summary>The regions one level below <paramref name="region"/>: a province's cities, a city's counties; none below a county.</summary>
    public IReadOnlyList<Region> Children(Region region) => region.Level switch
    {
        RegionLevel.Province => regions.Where(r => r.Level == RegionLevel.City && r.ProvinceCode == region.Code).OrderBy(r => r.Code).ToList(),
        RegionLevel.City => regions.Where(r => r.Level == RegionLevel.County && r.CityCode == region.Code).OrderBy(r => r.Code).ToList(),
        _ => []
    };

    public static RegionTree Load(string folder) => new(JsonSerializer.Deserialize<List<Region>>(
        File.ReadAllText(Path.Combine(folder, "regions.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? []);
}
