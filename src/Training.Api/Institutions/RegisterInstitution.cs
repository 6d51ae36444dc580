using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Catalogue;
using Training.Identity;
using Training.Web;
using Wolverine.Http;

namespace Training.Institutions;

public sealed record RegisterInstitution(string? Name, string? CreditCode, string? Kind, string? RegionCode);

public static class RegisterInstitutionEndpoint
{
    public static Validation Check(RegisterInstitution cmd, ProgrammeCatalogue catalogue) => new Validation()
        .Text(cmd.Name, "name", 200)
        .Check(CreditCode.Normalize(cmd.CreditCode) is not null, "creditCode",
            "creditCode must be an 18-character unified social credit code whose check character is right (GB 32100-2015)")
        .OneOf(cmd.Kind, "kind", Institution.Kinds)
        .Check(catalogue.Region(cmd.RegionCode) is not null, "regionCode", "regionCode must be a known GB/T 2260 region code");

    public static Decision Decide(RegisterInstitution cmd, Institution? existing, Guid id, DateOnly today) =>
        existing is not null
            ? Refusal.Conflict("creditCode", $"credit code {existing.CreditCode} is already registered as institution {existing.Id}") with { Id = existing.Id }
            : Decision.Accept(new InstitutionRegistered(id, cmd.Name!.Trim(), cmd.CreditCode!, cmd.Kind!, cmd.RegionCode!, today));

    [WolverinePost("/api/institutions")]
    public static async Task<IResult> Post(RegisterInstitution cmd, IDocumentSession session, ProgrammeCatalogue catalogue, TimeProvider clock,
        ClaimsPrincipal user)
    {
        var validation = Check(cmd, catalogue);
        if (!validation.IsValid) return Problems.Invalid(validation);
        if (!Caller.From(user).Oversees(catalogue.Region(cmd.RegionCode)!))
            return Problems.From(Caller.Forbidden("register institutions outside its region"));

        cmd = cmd with { CreditCode = CreditCode.Normalize(cmd.CreditCode) };
        var id = Institution.IdFor(cmd.CreditCode!);
        var decision = Decide(cmd, await session.LoadAsync<Institution>(id), id, clock.Today());
        if (decision.Refusal is { } refusal) return Problems.From(refusal);

        // A racing duplicate passes the check above and is refused by the stream key at commit (409).
        session.Events.StartStream<Institution>(id, decision.Events);
        return Results.Created($"/api/institutions/{id}", new { id });
    }
}

public static class GetInstitutionEndpoint
{
    [WolverineGet("/api/institutions/{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user)
    {
        if (await session.LoadAsync<Institution>(id) is not { } institution) return Problems.NotFound("id", $"no institution {id}");
        return Caller.From(user).CanRead(institution.Id, catalogue.Region(institution.RegionCode)!)
            ? Results.Ok(institution)
            : Problems.From(Caller.Forbidden("read another institution"));
    }
}
