using System.Net;
using System.Text.Json;
using Training.Certificates;
using Training.Classes;
using Training.Identity;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Decisions.Tests.Certificates;

public class when_awarding_and_revoking_certificates
{
    static readonly string IdNumber = People.IdNumber(1);
    static readonly Guid TraineeId = Guid.NewGuid();

    static AwardCertificateRequest Valid() => new("S202644162500000000001", IdNumber, "张三", "skill-level", "中式烹调师", 4, "yuecai",
        new DateOnly(2026, 4, 1), "河源市职业技能鉴定指导中心", null, "441625");

    static AwardCertificate Command() => AwardCertificateEndpoint.Check(Valid(), Given.Catalogue, Given.Today).Command!;

    [Fact]
    public void a_valid_request_passes_validation() =>
        AwardCertificateEndpoint.Check(Valid(), Given.Catalogue, Given.Today).IsValid.Should().BeTrue();

    public static TheoryData<AwardCertificateRequest, string> InvalidRequests => new()
    {
        { Valid() with { Level = null }, "level" },
        { Valid() with { Level = 6 }, "level" },
        { Valid() with { Level = 0 }, "level" },
        { Valid() with { CertificateNo = "X202644162500000000001" }, "certificateNo" },
        { Valid() with { CertificateNo = "S20264416250000000000" }, "certificateNo" },
        { Valid() with { Kind = "special-ability", CertificateNo = "ZX-2026-0001", Level = 3 }, "level" },
        { Valid() with { Kind = "qualification", CertificateNo = "bad number!", Level = null }, "certificateNo" },
        { Valid() with { Kind = "diploma" }, "kind" },
        { Valid() with { Programme = "cooking" }, "programme" },
        { Valid() with { AwardedOn = new DateOnly(2026, 6, 16) }, "awardedOn" },
        { Valid() with { AwardedOn = null }, "awardedOn" },
        { Valid() with { IdNumber = People.BadIdNumber(1) }, "idNumber" },
        { Valid() with { Occupation = "" }, "occupation" },
        { Valid() with { Issuer = null }, "issuer" },
        { Valid() with { RegionCode = null }, "regionCode" },
    };

    [Theory, MemberData(nameof(InvalidRequests))]
    public void each_rule_names_its_field(AwardCertificateRequest request, string field) =>
        AwardCertificateEndpoint.Check(request, Given.Catalogue, Given.Today).Errors.Keys.Should().Equal(field);

    [Fact]
    public void other_kinds_take_their_own_numbers_and_no_level() =>
        AwardCertificateEndpoint.Check(Valid() with { Kind = "special-ability", CertificateNo = "ZX-2026-0001", Level = null },
            Given.Catalogue, Given.Today).IsValid.Should().BeTrue();

    [Fact]
    public void a_recorded_number_is_a_conflict_even_when_revoked()
    {
        var existing = Certificate.Create(new CertificateAwarded(Valid().CertificateNo!, TraineeId, "张三", "x", "skill-level", "厨师", 4,
            "yuecai", Given.Today, "x", null, "441625")).Apply(new CertificateRevoked(Valid().CertificateNo!, "fraud", Given.Today));
        AwardCertificateEndpoint.Decide(Command(), existing, null, TraineeId, null).ShouldRefuse(409, "certificateNo");
    }

    [Fact]
    public void a_class_the_person_never_attended_is_refused()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out _);
        AwardCertificateEndpoint.Decide(Command() with { ClassId = cls.Id }, null, cls, TraineeId, null)
            .ShouldRefuse(400, "classId", "never enrolled");
        AwardCertificateEndpoint.Decide(Command() with { ClassId = Guid.NewGuid() }, null, null, TraineeId, null)
            .ShouldRefuse(400, "classId", "names no class");
    }

    [Fact]
    public void a_certificate_after_a_class_counts_in_the_class_region_and_masks_the_number()
    {
        var cls = Given.AClass().WithEnrolled(TraineeId, out _);
        var awarded = AwardCertificateEndpoint.Decide(Command() with { ClassId = cls.Id, RegionCode = null }, null, cls, TraineeId, null)
            .Events.Should().ContainSingle().Which.Should().BeOfType<CertificateAwarded>().Subject;
        awarded.RegionCode.Should().Be(cls.Class.RegionCode);
        awarded.IdNumberMasked.Should().Be(ResidentId.Mask(IdNumber));
    }

    [Fact]
    public void revoking_twice_is_a_conflict()
    {
        var certificate = Certificate.Create(new CertificateAwarded("S1", TraineeId, "张三", "x", "skill-level", "厨师", 4, "yuecai",
            Given.Today, "x", null, "441625"));
        var decision = RevokeCertificateEndpoint.Decide(certificate, new("fraud"), Given.Today);
        decision.Events.Should().ContainSingle().Which.Should().BeOfType<CertificateRevoked>();
        RevokeCertificateEndpoint.Decide(certificate.Apply((CertificateRevoked)decision.Events[0]), new("again"), Given.Today)
            .ShouldRefuse(409, "certificateNo");
    }
}
