using System.Net;
using System.Text.Json;
using Training.Certificates;
using Training.Classes;
using Training.Identity;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Tests.Certificates;

public class when_awarding_and_revoking_certificates(TrainingHost fixture) : IntegrationContext(fixture)
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
        AwardCertificateEndpoint.Decide(Command(), existing, null, TraineeId, null).Refusal!.Status.Should().Be(409);
    }

    [Fact]
    public void a_class_the_person_never_attended_is_refused()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out _);
        AwardCertificateEndpoint.Decide(Command() with { ClassId = cls.Id }, null, cls, TraineeId, null)
            .Refusal.Should().BeEquivalentTo(new { Status = 400, Field = "classId" });
        AwardCertificateEndpoint.Decide(Command() with { ClassId = Guid.NewGuid() }, null, null, TraineeId, null)
            .Refusal.Should().BeEquivalentTo(new { Status = 400, Field = "classId" });
    }

    [Fact]
    public void a_certificate_after_a_class_counts_in_the_class_region_and_masks_the_number()
    {
        var cls = Given.AClass().WithEnrolled(TraineeId, out _);
        var awarded = AwardCertificateEndpoint.Decide(Command() with { ClassId = cls.Id, RegionCode = null }, null, cls, TraineeId, null)
            .Events.Should().ContainSingle().Which.Should().BeOfType<CertificateAwarded>().Subject;
        awarded.RegionCode.Should().Be(cls.RegionCode);
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
            .Refusal!.Status.Should().Be(409);
    }

    [Fact]
    public async Task it_is_recorded_read_back_masked_and_under_the_enrollments_trainee_id()
    {
        var classId = await Api.NewClass();
        var enrollment = await Api.Enroll(classId, IdNumber);
        var number = Api.CertificateNo();

        var response = await Api.TryAward(number, IdNumber, classId: classId, regionCode: null);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"\"traineeId\":\"{enrollment.TraineeId}\"");

        var raw = await (await Api.Send(HttpMethod.Get, $"/api/certificates/{number}")).Content.ReadAsStringAsync();
        raw.Should().NotContain(IdNumber);
        var certificate = JsonSerializer.Deserialize<Certificate>(raw, Api.Json)!;
        certificate.Should().BeEquivalentTo(new
        {
            CertificateNo = number, TraineeId = enrollment.TraineeId, Name = "张三", IdNumberMasked = ResidentId.Mask(IdNumber),
            Kind = "skill-level", Occupation = "中式烹调师", Level = 4, Programme = "yuecai", AwardedOn = new DateOnly(2026, 4, 1),
            ClassId = classId, RegionCode = "441625", Status = "valid"
        });
    }

    [Fact]
    public async Task a_number_recorded_twice_is_a_conflict_even_after_revocation()
    {
        var number = await Api.Award(IdNumber);
        await (await Api.TryAward(number, People.IdNumber(2), "李四")).ShouldBeProblem(HttpStatusCode.Conflict, "certificateNo");
        (await Api.Revoke(number)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await Api.TryAward(number, IdNumber)).ShouldBeProblem(HttpStatusCode.Conflict, "certificateNo");
    }

    [Fact]
    public async Task racing_awards_of_one_number_record_exactly_one()
    {
        var number = Api.CertificateNo();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Api.TryAward(number, People.IdNumber(i), $"学员{i}")));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(19);
        (await Api.Progress("441625", 2026))["yuecai"].Certified.Should().Be(1);
    }

    [Fact]
    public async Task revoking_is_recorded_once_and_unknown_numbers_are_not_found()
    {
        var number = await Api.Award(IdNumber);
        (await Api.Revoke(number)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await Api.Revoke(number)).ShouldBeProblem(HttpStatusCode.Conflict, "certificateNo");
        await (await Api.Post($"/api/certificates/{number}/revoke", new { })).ShouldBeProblem(HttpStatusCode.BadRequest, "reason");
        (await Api.Get<Certificate>($"/api/certificates/{number}")).Status.Should().Be("revoked");

        await (await Api.Revoke("S999")).ShouldBeProblem(HttpStatusCode.NotFound, "certificateNo");
        await (await Api.Send(HttpMethod.Get, "/api/certificates/S999")).ShouldBeProblem(HttpStatusCode.NotFound, "certificateNo");
    }

    [Fact]
    public async Task a_class_that_does_not_exist_or_was_not_attended_is_refused()
    {
        var classId = await Api.NewClass();
        await Api.Enroll(classId, People.IdNumber(2), "李四");
        await (await Api.TryAward(Api.CertificateNo(), IdNumber, classId: classId)).ShouldBeProblem(HttpStatusCode.BadRequest, "classId");
        await (await Api.TryAward(Api.CertificateNo(), IdNumber, classId: Guid.NewGuid())).ShouldBeProblem(HttpStatusCode.BadRequest, "classId");
        await (await Api.TryAward(Api.CertificateNo(), IdNumber, awardedOn: "2026-06-16")).ShouldBeProblem(HttpStatusCode.BadRequest, "awardedOn");
        await (await Api.TryAward(Api.CertificateNo(), IdNumber, level: null)).ShouldBeProblem(HttpStatusCode.BadRequest, "level");
    }

    [Fact]
    public async Task progress_counts_valid_certificates_by_award_year_and_region()
    {
        var zhang = await Api.Award(People.IdNumber(1), "张三", awardedOn: "2026-02-01");
        await Api.Award(People.IdNumber(1), "张三", awardedOn: "2026-05-01");
        await Api.Award(People.IdNumber(2), "李四", awardedOn: "2026-05-01", regionCode: "441621");
        await Api.Award(People.IdNumber(3), "王五", awardedOn: "2025-12-31");
        await Api.Award(People.IdNumber(4), "赵六", programme: "jiazheng");

        var heyuan = await Api.Progress("441600", 2026);
        heyuan["yuecai"].Should().BeEquivalentTo(new { Certified = 3, CertifiedTrainees = 2 });
        heyuan["jiazheng"].Should().BeEquivalentTo(new { Certified = 1, CertifiedTrainees = 1 });
        (await Api.Progress("441625", 2026))["yuecai"].Should().BeEquivalentTo(new { Certified = 2, CertifiedTrainees = 1 });
        (await Api.Progress("441600", 2025))["yuecai"].Certified.Should().Be(1);

        await Api.Revoke(zhang);
        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new { Certified = 2, CertifiedTrainees = 2 });
        (await Api.Progress("440000", 2026))["yuecai"].Certified.Should().Be(2);
    }

    [Fact]
    public async Task progress_shows_the_share_of_passed_trainees_who_hold_a_certificate()
    {
        var classId = await Api.NewClass();
        var passed = new List<EnrollmentCreated>();
        for (var i = 1; i <= 4; i++) passed.Add(await Api.Enroll(classId, People.IdNumber(i), $"学员{i}"));
        foreach (var e in passed) await Api.Complete(classId, e.EnrollmentId);
        await Api.Award(People.IdNumber(1), "学员1", classId: classId, regionCode: null);
        var revoked = await Api.Award(People.IdNumber(2), "学员2", classId: classId, regionCode: null);
        await Api.Award(People.IdNumber(3), "学员3", programme: "jiazheng");
        await Api.Revoke(revoked);

        (await Api.Progress("441600", 2026))["yuecai"].Should().BeEquivalentTo(new
        {
            Completed = 4, CompletedTrainees = 4, CertifiedShareOfCompleted = 25.0m
        }, "only 学员1 holds a valid 粤菜师傅 certificate");
    }

    [Fact]
    public async Task an_id_number_under_another_name_is_refused()
    {
        await Api.Enroll(await Api.NewClass(), IdNumber, "张三");
        await (await Api.TryAward(Api.CertificateNo(), IdNumber, "张叁")).ShouldBeProblem(HttpStatusCode.Conflict, "name");
    }
}
