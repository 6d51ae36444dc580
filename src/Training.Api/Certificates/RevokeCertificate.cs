using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Training.Web;
using Wolverine.Http;

namespace Training.Certificates;

public sealed record RevokeCertificate(string? Reason);

public sealed record CertificateRevoked(string CertificateNo, string Reason, DateOnly RevokedOn);

public static class RevokeCertificateEndpoint
{
    public static Validation Check(RevokeCertificate cmd) => new Validation().Text(cmd.Reason, "reason", 500);

    public static Decision Decide(Certificate certificate, RevokeCertificate cmd, DateOnly today) =>
        certificate.Status == CertificateStatus.Revoked
            ? Refusal.Conflict("certificateNo", $"certificate {certificate.CertificateNo} is already revoked")
            : Decision.Accept(new CertificateRevoked(certificate.CertificateNo, cmd.Reason!.Trim(), today));

    [WolverinePost("/api/certificates/{certificateNo}/revoke")]
    public static async Task<IResult> Post(string certificateNo, RevokeCertificate cmd, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user)
    {
        if (!Caller.From(user).Certifies) return Problems.From(Caller.Forbidden("revoke certificates"));
        var validation = Check(cmd);
        if (!validation.IsValid) return Problems.Invalid(validation);

        // Optimistic: of two racing revocations the second fails its version check and answers 409.
        var stream = await session.Events.FetchForWriting<Certificate>(Certificate.IdFor(certificateNo));
        if (stream.Aggregate is null) return Problems.NotFound("certificateNo", $"no certificate {Validation.Clip(certificateNo)}");
        var decision = Decide(stream.Aggregate, cmd, clock.Today());
        if (decision.Refusal is { } refusal) return Problems.From(refusal);
        stream.AppendMany(decision.Events);
        return Results.NoContent();
    }
}
