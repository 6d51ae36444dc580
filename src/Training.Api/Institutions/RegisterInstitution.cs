using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Catalogue;
using Training.Identity;
using Training.Web;
using Wolverine.Http;

namespace Training.Institutions;

public sealed record RegisterInstitutionRequest(
    [property: Required, Text(200)] string? Name,
    [property: Required, Matches(typeof(CreditCode), nameof(CreditCode.Shape))] string? CreditCode,
    [property: Required, OneOf(typeof(Institution), nameof(Institution.Kinds))] string? Kind,
    [property: Required, InCatalogue(Catalogued.Region)] string? RegionCode);

/// <summary><paramref name="CreditCode"/> is normalised (upper case) and valid; <paramref name="RegionCode"/> a known region.</summary>
public sealed record RegisterInstitution(string Name, string CreditCode, string Kind, string RegionCode);

public static class RegisterInstitutionEndpoint
{
    public static Checked<RegisterInstitution> Check(RegisterInstitutionRequest request, ProgrammeCatalogue catalogue)
    {
        var creditCode = CreditCode.Normalize(request.CreditCode);
        return new Validation()
            .Text(request.Name, "name", 200)
            .Check(creditCode is not null, "creditCode",
                "creditCode must be an 18-character unified social credit code whose check character is right (GB 32100-2015)")
            .OneOf(request.Kind, "kind", Institution.Kinds)
            .Check(catalogue.Region(request.RegionCode) is not null, "regionCode", "regionCode must be a known GB/T 2260 region code")
            .Then(() => new RegisterInstitution(request.Name!.Trim(), creditCode!, request.Kind!, request.RegionCode!));
    }

    public static Decision Decide(RegisterInstitution cmd, Institution? existing, Guid id, DateOnly today) =>
        existing is not null
            ? Refusal.Conflict("creditCode", $"credit code {existing.CreditCode} is already registered as institution {existing.Id}") with { Id = existing.Id }
            : Decision.Accept(new InstitutionRegistered(id, cmd.Name, cmd.CreditCode, cmd.Kind, cmd.RegionCode, today));

    [WolverinePost("/api/institutions"), Audited, Idempotent, EndpointSummary("Register an institution")]
    [ProducesResponseType<IdAnswer>(201), Refuses(400), Refuses(403), Refuses(409)]
    public static Task<IResult> Post(RegisterInstitutionRequest request, IDocumentSession session, ProgrammeCatalogue catalogue,
        TimeProvider clock, ClaimsPrincipal user) =>
        Command.Run(request, r => Check(r, catalogue), async cmd =>
            {
                if (!Caller.From(user).Oversees(catalogue.Region(cmd.RegionCode)!)) return Caller.Forbidden("register institutions outside its region");
                var id = Institution.IdFor(cmd.CreditCode);
                var decision = Decide(cmd, await session.LoadAsync<Institution>(id), id, clock.Today());
                // A racing duplicate passes the check above and is refused by the stream key at commit (409).
                if (decision.Accepted) session.Events.StartStream<Institution>(id, decision.Events);
                return decision.Refusal;
            },
            cmd => Results.Created($"/api/institutions/{Institution.IdFor(cmd.CreditCode)}", new IdAnswer(Institution.IdFor(cmd.CreditCode))));
}

public static class GetInstitutionEndpoint
{
    [WolverineGet("/api/institutions/{id}"), EndpointSummary("An institution")]
    [ProducesResponseType<Institution>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user)
    {
        if (await session.LoadAsync<Institution>(id) is not { } institution) return Problems.NotFound("id", $"no institution {id}");
        return Caller.From(user).CanRead(institution.Id, catalogue.Region(institution.RegionCode)!)
            ? Results.Ok(institution)
            : Problems.From(Caller.Forbidden("read another institution"));
    }
}
