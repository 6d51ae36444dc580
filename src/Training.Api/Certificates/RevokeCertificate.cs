using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Web;
using Wolverine.Http;

namespace Training.Certificates;

public sealed record RevokeCertificateRequest([property: Required, Text(500)] string? Reason);

public sealed record RevokeCertificate(string Reason);

public sealed record CertificateRevoked(string CertificateNo, string Reason, DateOnly RevokedOn);

public static class RevokeCertificateEndpoint
{
    public static Checked<RevokeCertificate> Check(RevokeCertificateRequest request) =>
        new Validation().Text(request.Reason, "reason", 500).Then(() => new RevokeCertificate(request.Reason!.Trim()));

    public static Decision Decide(Certificate certificate, RevokeCertificate cmd, DateOnly today) =>
        certificate.Status == CertificateStatus.Revoked
            ? Refusal.Conflict("certificateNo", $"certificate {certificate.CertificateNo} is already revoked")
            : Decision.Accept(new CertificateRevoked(certificate.CertificateNo, cmd.Reason, today));

    [WolverinePost("/api/certificates/{certificateNo}/revoke"), Audited, Idempotent, EndpointSummary("Revoke a certificate")]
    [ProducesResponseType(204), Refuses(400), Refuses(403), Refuses(404), Refuses(409)]
    public static Task<IResult> Post(string certificateNo, RevokeCertificateRequest request, IDocumentSession session, TimeProvider clock,
        ClaimsPrincipal user)
    {
        if (!Caller.From(user).Certifies) return Task.FromResult(Problems.From(Caller.Forbidden("revoke certificates")));
        return Command.Run(request, Check, async cmd =>
            {
                // Optimistic: of two racing revocations the second fails its version check and answers 409.
                var stream = await session.Events.FetchForWriting<Certificate>(Certificate.IdFor(certificateNo));
                if (stream.Aggregate is null) return Refusal.NotFound("certificateNo", $"no certificate {Validation.Clip(certificateNo)}");
                var decision = Decide(stream.Aggregate, cmd, clock.Today());
                if (decision.Accepted) stream.AppendMany(decision.Events);
                return decision.Refusal;
            },
            _ => Results.NoContent());
    }
}
