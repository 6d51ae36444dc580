using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http;
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
    [WolverineGet("/api/certificates/{certificateNo}")]
    public static async Task<IResult> Get(string certificateNo, IQuerySession session) =>
        await session.LoadAsync<Certificate>(Certificate.IdFor(certificateNo)) is { } certificate
            ? Results.Ok(certificate)
            : Problems.NotFound("certificateNo", $"no certificate {Validation.Clip(certificateNo)}");
}
