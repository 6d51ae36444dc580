using System.Net;
using Training.Identity;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Tests.Trainees;

public class when_looking_a_person_up(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task every_enrollment_and_certificate_is_listed_with_the_number_masked()
    {
        var idNumber = People.IdNumber(1);
        var first = await Api.NewClass();
        var second = await Api.NewClass(programme: "jiazheng", startDate: "2026-05-01");
        var a = await Api.Enroll(first, idNumber);
        var b = await Api.Enroll(second, idNumber);
        await Api.Withdraw(second, b.EnrollmentId);
        var number = await Api.Award(idNumber, classId: first, regionCode: null);
        await Api.Enroll(await Api.NewClass(), People.IdNumber(2), "李四");

        var response = await Api.Send(HttpMethod.Get, $"/api/trainees/{a.TraineeId}");
        var raw = await response.Content.ReadAsStringAsync();
        raw.Should().NotContain(idNumber);
        var record = await Api.Get<TraineeRecord>($"/api/trainees/{a.TraineeId}");

        record.Should().BeEquivalentTo(new { TraineeId = a.TraineeId, Name = "张三", IdNumberMasked = ResidentId.Mask(idNumber) });
        record.Enrollments.Select(e => (e.EnrollmentId, e.ClassId, e.Programme, e.Status)).Should().Equal(
            (a.EnrollmentId, first, "yuecai", "active"), (b.EnrollmentId, second, "jiazheng", "withdrawn"));
        record.Certificates.Should().ContainSingle().Which.Should().BeEquivalentTo(new { CertificateNo = number, ClassId = first, Status = "valid" });
    }

    public sealed record Awarded(string CertificateNo, Guid TraineeId);

    [Fact]
    public async Task a_person_known_only_by_a_certificate_can_be_looked_up()
    {
        var awarded = await Api.Expect<Awarded>(await Api.TryAward(Api.CertificateNo(), People.IdNumber(5), "孙七"), HttpStatusCode.Created);
        var record = await Api.Get<TraineeRecord>($"/api/trainees/{awarded.TraineeId}");
        record.Name.Should().Be("孙七");
        record.Enrollments.Should().BeEmpty();
        record.Certificates.Should().ContainSingle().Which.CertificateNo.Should().Be(awarded.CertificateNo);
    }

    [Fact]
    public async Task an_unknown_trainee_is_not_found() =>
        await (await Api.Send(HttpMethod.Get, $"/api/trainees/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "traineeId");
}
