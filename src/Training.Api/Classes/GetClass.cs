using System.Security.Claims;
using Marten;
using Npgsql;
using Training.Access;
using Training.Catalogue;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Enrollments;
using Training.Progress;
using Training.Reports;
using Training.Web;
using Wolverine.Http;

namespace Training.Classes;

public static class GetClassEndpoint
{
    [WolverineGet("/api/classes/{id}"), EndpointSummary("A class")]
    [ProducesResponseType<ApiDescription.ClassAnswer>(200), Refuses(403), Refuses(404)]
    public static Task<IResult> Get(Guid id, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user) =>
        Read(id, session, catalogue, user, c => Results.Ok(new
        {
            c.Id, c.InstitutionId, c.Programme, c.Track, c.Title, c.RegionCode, c.StartDate, c.EndDate,
            c.Capacity, c.Enrolled, c.Status, c.Version, c.Mode, c.Subsidized, c.CancelReason
        }));

    /// <summary>The roster as JSON, or (<paramref name="format"/> csv or xlsx, or the Accept header) as a file with the import's columns.</summary>
    [WolverineGet("/api/classes/{id}/enrollments"), EndpointSummary("A class's roster, ID numbers masked")]
    [ProducesResponseType<List<ApiDescription.RosterAnswer>>(200, "application/json", Export.Csv, Export.Xlsx), Refuses(400), Refuses(403), Refuses(404)]
    public static async Task<IResult> Roster(Guid id, string? format, HttpRequest http, IQuerySession session, NpgsqlDataSource db,
        ProgrammeCatalogue catalogue, ClaimsPrincipal user, CancellationToken cancellation)
    {
        var (asFile, refusal) = Export.Negotiate(http, format);
        if (refusal is not null) return Problems.From(refusal);
        if (await session.LoadAsync<TrainingClass>(id, cancellation) is not { } c) return Problems.NotFound("id", $"no class {id}");
        if (!Caller.From(user).CanRead(c.InstitutionId, catalogue.Region(c.RegionCode)!))
            return Problems.From(Caller.Forbidden("read another institution's class"));
        var roster = await Enrollments.Roster.OfClassAsync(db, id, cancellation);
        return asFile == ReportFormat.Json ? Results.Ok(roster) : Export.File(RosterTemplate.Table(id, roster), asFile);
    }

    /// <summary>Who did what to the class, when: for the bureau over its region, and the admin.</summary>
    [WolverineGet("/api/classes/{id}/history"), EndpointSummary("Who did what to a class, when")]
    [ProducesResponseType<List<AuditTrail.Entry>>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> History(Guid id, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user)
    {
        if (await session.LoadAsync<TrainingClass>(id) is not { } c) return Problems.NotFound("id", $"no class {id}");
        if (!Caller.From(user).Oversees(catalogue.Region(c.RegionCode)!)) return Problems.From(Caller.Forbidden("read this class's history"));
        return Results.Ok(AuditTrail.Of(await session.Events.FetchStreamAsync(id)));
    }

    // The institution itself, or a bureau over the class's region.
    static async Task<IResult> Read(Guid id, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user,
        Func<TrainingClass, IResult> view)
    {
        if (await session.LoadAsync<TrainingClass>(id) is not { } c) return Problems.NotFound("id", $"no class {id}");
        return Caller.From(user).CanRead(c.InstitutionId, catalogue.Region(c.RegionCode)!)
            ? view(c)
            : Problems.From(Caller.Forbidden("read another institution's class"));
    }
}
