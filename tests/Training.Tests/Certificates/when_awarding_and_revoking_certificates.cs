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

    [Fact]
    public async Task an_award_racing_an_enrollment_under_another_name_keeps_one_name()
    {
        for (var round = 0; round < 10; round++)
        {
            var idNumber = People.IdNumber(300 + round);
            var classId = await Api.NewClass();
            var answers = await Task.WhenAll(Api.TryEnroll(classId, idNumber, "张三"), Api.TryAward(Api.CertificateNo(), idNumber, "张叁"));

            answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict], $"round {round}");
            await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBeProblem(HttpStatusCode.Conflict, "name");
        }
    }
}
