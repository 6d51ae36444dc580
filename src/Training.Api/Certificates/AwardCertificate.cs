using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using System.Security.Claims;
using Marten;
using Training.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Training.Catalogue;
using Training.Classes;
using Training.Enrollments;
using Training.Identity;
using Training.Trainees;
using Training.Web;
using Wolverine.Http;

namespace Training.Certificates;

[RequiresAny("regionCode", "classId")]
public sealed record AwardCertificateRequest(
    [property: Required, Matches(typeof(AwardCertificateEndpoint), "AnyNumber")] string? CertificateNo,
    [property: Required, Matches(typeof(ResidentId), nameof(ResidentId.Shape))] string? IdNumber,
    [property: Required, Text(50)] string? Name,
    [property: Required, OneOf(typeof(AwardCertificateEndpoint), nameof(AwardCertificateEndpoint.Kinds))] string? Kind,
    [property: Required, Text(100)] string? Occupation,
    [property: Range(1, 5)] int? Level,
    [property: Required, InCatalogue(Catalogued.Programme)] string? Programme,
    [property: Required] DateOnly? AwardedOn,
    [property: Required, Text(200)] string? Issuer,
    Guid? ClassId,
    [property: InCatalogue(Catalogued.Region)] string? RegionCode);

/// <summary>
/// <paramref name="IdNumber"/> is normalised and valid, texts are trimmed; <paramref name="RegionCode"/> is null when the
/// certificate counts in its class's region.
/// </summary>
public sealed record AwardCertificate(
    string CertificateNo, string IdNumber, string Name, string Kind, string Occupation, int? Level, string Programme,
    DateOnly AwardedOn, string Issuer, Guid? ClassId, string? RegionCode);

public sealed record CertificateAnswer(string CertificateNo, Guid TraineeId);

/// <summary>The certificate counts for <paramref name="RegionCode"/>: its class's region unless the request named one.</summary>
public sealed record CertificateAwarded(
    string CertificateNo, Guid TraineeId, string Name, string IdNumberMasked, string Kind, string Occupation, int? Level,
    string Programme, DateOnly AwardedOn, string Issuer, Guid? ClassId, string RegionCode);

public static partial class AwardCertificateEndpoint
{
    /// <summary>职业技能等级证书 (levels 5 = 五级/初级工 … 1 = 一级/高级技师), 专项职业能力证书, 职业资格证书.</summary>
    public static readonly string[] Kinds = ["skill-level", "special-ability", "qualification"];

    /// <summary>The national form of a skill-level certificate number: S or Y, then 21 digits.</summary>
    [GeneratedRegex("^[SY][0-9]{21}$")]
    private static partial Regex SkillLevelNumber();

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex AnyNumber();

    public static Checked<AwardCertificate> Check(AwardCertificateRequest request, ProgrammeCatalogue catalogue, DateOnly today)
    {
        var idNumber = ResidentId.Normalize(request.IdNumber);
        var v = new Validation()
            .OneOf(request.Kind, "kind", Kinds)
            .Check(idNumber is not null, "idNumber",
                "idNumber must be an 18-character resident ID number whose check character is right")
            .Text(request.Name, "name", 50)
            .Text(request.Occupation, "occupation", 100)
            .OneOf(request.Programme, "programme", catalogue.Programmes.Select(p => p.Code).ToArray())
            .Check(request.AwardedOn is { Year: >= 2000 }, "awardedOn", "awardedOn is required, a date (yyyy-MM-dd) from 2000 on")
            .Check(request.AwardedOn is null || request.AwardedOn <= today, "awardedOn", "awardedOn must not be in the future")
            .Text(request.Issuer, "issuer", 200)
            .Check(request.RegionCode is null || catalogue.Region(request.RegionCode) is not null, "regionCode",
                "regionCode must be a known GB/T 2260 region code")
            .Check(request.RegionCode is not null || request.ClassId is not null, "regionCode",
                "regionCode is required when the certificate follows no class (classId)");
        if (request.Kind == "skill-level")
            v.Check(request.CertificateNo is not null && SkillLevelNumber().IsMatch(request.CertificateNo), "certificateNo",
                    "a skill-level certificate number is S or Y followed by 21 digits")
             .Check(request.Level is >= 1 and <= 5, "level", "a skill-level certificate needs a level from 1 (高级技师) to 5 (初级工)");
        else if (Kinds.Contains(request.Kind)) // an unknown kind is reported once, above, not as a rule of some kind
            v.Check(request.CertificateNo is not null && AnyNumber().IsMatch(request.CertificateNo), "certificateNo",
                    "certificateNo is required: 1 to 40 letters, digits or dashes")
             .Check(request.Level is null, "level", "only skill-level certificates have a level");
        return v.Then(() => new AwardCertificate(request.CertificateNo!, idNumber!, request.Name!.Trim(), request.Kind!,
            request.Occupation!.Trim(), request.Level, request.Programme!, request.AwardedOn!.Value, request.Issuer!.Trim(),
            request.ClassId, request.RegionCode));
    }

    /// <param name="cls">The class named by classId with this person's seats in it, or null when none was named.</param>
    public static Decision Decide(AwardCertificate cmd, Certificate? existing, ClassSeats? cls, Guid traineeId, Trainee? known)
    {
        if (existing is not null)
            return Refusal.Conflict("certificateNo", $"certificate {existing.CertificateNo} is already recorded ({existing.Status})");
        if (Trainee.NameConflict(known, cmd.Name) is { } conflict) return conflict;
        if (cmd.ClassId is { } classId)
        {
            if (cls is null) return Refusal.Invalid("classId", $"classId {classId} names no class");
            if (cls.Seats.All(s => s.TraineeId != traineeId))
                return Refusal.Invalid("classId", $"this person was never enrolled in class {classId}");
            if (cls.Class.Programme != cmd.Programme)
                return Refusal.Invalid("programme", $"the certificate follows class {classId} of programme {cls.Class.Programme}");
        }
        return Decision.Accept(new CertificateAwarded(cmd.CertificateNo, traineeId, cmd.Name, ResidentId.Mask(cmd.IdNumber), cmd.Kind,
            cmd.Occupation, cmd.Level, cmd.Programme, cmd.AwardedOn, cmd.Issuer, cmd.ClassId, cmd.RegionCode ?? cls!.Class.RegionCode));
    }

    [WolverinePost("/api/certificates"), Audited, Idempotent, EndpointSummary("Record an awarded certificate")]
    [ProducesResponseType<CertificateAnswer>(201), Refuses(400), Refuses(403), Refuses(409)]
    public static Task<IResult> Post(AwardCertificateRequest request, IDocumentSession session, ProgrammeCatalogue catalogue,
        TraineeIdentity identity, TimeProvider clock, ClaimsPrincipal user)
    {
        if (!Caller.From(user).Certifies) return Task.FromResult(Problems.From(Caller.Forbidden("record certificates")));
        return Command.Run(request, r => Check(r, catalogue, clock.Today()), async cmd =>
            {
                var traineeId = identity.IdFor(cmd.IdNumber);
                var id = Certificate.IdFor(cmd.CertificateNo);
                var known = await session.LockTrainee(traineeId); // first, as everywhere (TraineeStream)
                var existing = await session.LoadAsync<Certificate>(id);
                var cls = cmd.ClassId is { } classId && await session.LoadAsync<TrainingClass>(classId) is { } c
                    ? ClassSeats.Of(c, await Roster.SeatsAsync(session, classId, traineeId))
                    : null;

                var decision = Decide(cmd, existing, cls, traineeId, known);
                if (decision.Refusal is { } refusal) return refusal;
                // A racing award of the same number passes the check above and collides on the stream key (409).
                session.Events.StartStream<Certificate>(id, decision.Events);
                if (Trainee.Identify(known, traineeId, cmd.IdNumber, cmd.Name, null) is { } fact) session.Events.Append(traineeId, fact);
                return null;
            },
            cmd => Results.Created($"/api/certificates/{Uri.EscapeDataString(cmd.CertificateNo)}",
                new CertificateAnswer(cmd.CertificateNo, identity.IdFor(cmd.IdNumber))));
    }
}
