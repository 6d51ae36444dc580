using Microsoft.AspNetCore.Http;
using Training.Catalogue;
using Training.Web;

namespace Training.Progress;

/// <summary>What every report request has: a known region (else 404), an optional as-of day and a format (else 400).</summary>
public sealed record ReportRequest(Region Region, AsOf? AsOf, ReportFormat Format, DateOnly Today)
{
    /// <summary>The day the figures are for and the pace is measured on: the as-of day, or today.</summary>
    public DateOnly Day => AsOf?.Day ?? Today;

    /// <summary>The end of an exported file's name: which region, and as of when if not now.</summary>
    public string FileName(string report, string rest) =>
        $"{report}-{Region.Code}-{rest}" + (AsOf is { } a ? $"-asof-{a.Day:yyyy-MM-dd}" : "");

    public static (ReportRequest? Request, IResult? Problem) Read(string regionCode, string? asOf, string? format, HttpRequest http,
        ProgrammeCatalogue catalogue, TimeProvider clock, Validation? more = null)
    {
        if (catalogue.Region(regionCode) is not { } region)
            return (null, Problems.NotFound("regionCode", $"no region {Validation.Clip(regionCode)}"));
        var today = clock.Today();
        var (when, asOfRefusal) = Progress.AsOf.Parse(asOf, today);
        var (reportFormat, formatRefusal) = Export.Negotiate(http, format);
        var validation = more ?? new Validation();
        foreach (var refusal in new[] { asOfRefusal, formatRefusal }.OfType<Refusal>()) validation.Add(refusal.Field, refusal.Message);
        return validation.IsValid
            ? (new ReportRequest(region, when, reportFormat, today), null)
            : (null, Problems.Invalid(validation));
    }
}
