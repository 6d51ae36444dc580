using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Training.Targets;
using Training.Web;
using Wolverine.Http;

namespace Training.Progress;

public static class GetPeriodProgressEndpoint
{
    /// <summary>
    /// A region's cumulative progress over a plan period (<paramref name="period"/> = fromYear-toYear, at most ten years)
    /// against its cumulative targets, with each year's contribution. Takes asOf and format like every progress report.
    /// </summary>
    [WolverineGet("/api/progress/{regionCode}/period/{period}"), RegionOversight, Tags("Progress")]
    [EndpointSummary("A region's cumulative progress over a plan period (fromYear-toYear), year by year")]
    [ProducesResponseType<PeriodProgress>(200, "application/json", Export.Csv, Export.Xlsx)]
    [ProducesResponseType<HttpValidationProblemDetails>(400, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(403, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(503, "application/problem+json")]
    public static async Task<IResult> Get(string regionCode, string period, string? asOf, string? format, HttpRequest http,
        NpgsqlDataSource db, ProgrammeCatalogue catalogue, TimeProvider clock, CancellationToken cancellation)
    {
        var (span, periodRefusal) = TargetPeriod.Parse(period, "period");
        var validation = new Validation();
        if (periodRefusal is not null) validation.Add(periodRefusal.Field, periodRefusal.Message);
        var (request, problem) = ReportRequest.Read(regionCode, asOf, format, http, catalogue, clock, validation);
        if (request is null) return problem!;

        var key = ProgressRead.Key(http, request.Day);
        if (request.Format == ReportFormat.Json && await ProgressRead.KeptAsync(db, key, cancellation) is { } kept) return kept;
        var (read, behind) = await ProgressRead.ReadAsync(db, http.HttpContext.Response, request.Region, span, request.AsOf, null, cancellation);
        if (read is null) return behind!;
        var report = ProgressReport.Build(request.Region, span, catalogue.Programmes, read.Counts, read.Targets, request.Day);
        return request.Format == ReportFormat.Json
            ? ProgressRead.Keep(http.HttpContext, key, read.Position, report)
            : Export.File(ProgressReport.ToTable(report, request.FileName("progress", span.ToString())), request.Format);
    }
}
