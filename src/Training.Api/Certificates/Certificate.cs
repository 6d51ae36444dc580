using JasperFx;
using System.Security.Claims;
using Marten;
using Training.Access;
using Training.Catalogue;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Identity;
using Training.Web;
using Wolverine.Http;

namespace Training.Certificates;

public static class CertificateStatus
{
    public const string Valid = "valid", Revoked = "revoked";
}

/// <summary>An awarded certificate. A revoked one stays on record but no longer counts anywhere.</summary>
public sealed record Certificate(
    Guid Id, string CertificateNo, Guid TraineeId, string Name, string IdNumberMasked, string Kind, string Occupation,
    int? Level, string Programme, DateOnly AwardedOn, string Issuer, Guid? ClassId, string RegionCode, string Status,
    string? RevokeReason, DateOnly? RevokedOn) : IRevisioned
{
    public int Version { get; set; }

    /// <summary>One number, one stream: the stream key refuses a number recorded twice, even by racing requests.</summary>
    public static Guid IdFor(string certificateNo) => StableIds.From("certificate", certificateNo);

    public static Certificate Create(CertificateAwarded e) => new(IdFor(e.CertificateNo), e.CertificateNo, e.TraineeId, e.Name,
        e.IdNumberMasked, e.Kind, e.Occupation, e.Level, e.Programme, e.AwardedOn, e.Issuer, e.ClassId, e.RegionCode,
        CertificateStatus.Valid, null, null);

    public Certificate Apply(CertificateRevoked e) => this with { Status = CertificateStatus.Revoked, RevokeReason = e.Reason, RevokedOn = e.RevokedOn };
}

public static class GetCertificateEndpoint
{
    /// <summary>For certification staff, and for the bureau over the region the certificate counts in.</summary>
    [WolverineGet("/api/certificates/{certificateNo}"), EndpointSummary("A certificate, ID number masked")]
    [ProducesResponseType<Certificate>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> Get(string certificateNo, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user)
    {
        if (await session.LoadAsync<Certificate>(Certificate.IdFor(certificateNo)) is not { } certificate)
            return Problems.NotFound("certificateNo", $"no certificate {Validation.Clip(certificateNo)}");
        var caller = Caller.From(user);
        return caller.Certifies || caller.Oversees(catalogue.Region(certificate.RegionCode)!)
            ? Results.Ok(certificate)
            : Problems.From(Caller.Forbidden("read this certificate"));
    }

    /// <summary>Who awarded and revoked it, when: for the bureau over its region, and the admin.</summary>
    [WolverineGet("/api/certificates/{certificateNo}/history"), EndpointSummary("Who awarded and revoked a certificate, when")]
    [ProducesResponseType<List<AuditTrail.Entry>>(200), Refuses(403), Refuses(404)]
    public static async Task<IResult> History(string certificateNo, IQuerySession session, ProgrammeCatalogue catalogue, ClaimsPrincipal user)
    {
        var id = Certificate.IdFor(certificateNo);
        if (await session.LoadAsync<Certificate>(id) is not { } certificate)
            return Problems.NotFound("certificateNo", $"no certificate {Validation.Clip(certificateNo)}");
        if (!Caller.From(user).Oversees(catalogue.Region(certificate.RegionCode)!))
            return Problems.From(Caller.Forbidden("read this certificate's history"));
        return Results.Ok(AuditTrail.Of(await session.Events.FetchStreamAsync(id)));
    }
}
