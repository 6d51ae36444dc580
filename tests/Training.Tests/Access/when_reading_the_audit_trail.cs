using System.Net;
using System.Text.Json;
using Training.Access;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Tests.Access;

public class when_reading_the_audit_trail(TrainingHost fixture) : IntegrationContext(fixture)
{
    public sealed record Actor(string? Subject, string? Name, string? Role);
    public sealed record Entry(long Version, DateTimeOffset At, string Event, Actor By, string? CorrelationId, JsonElement Data);

    [Fact]
    public async Task a_class_history_shows_who_did_what_when_and_as_part_of_what()
    {
        var institutionId = await Api.RegisterInstitution("441625");
        var clerk1 = Api.As(Fixture.Token(Roles.Institution, institution: institutionId, subject: "clerk-1"));
        var clerk2 = Api.As(Fixture.Token(Roles.Institution, institution: institutionId, subject: "clerk-2"));

        var classId = await clerk1.RegisterClass(institutionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/classes/{classId}/enrollments")
        {
            Content = JsonContent(new { idNumber = People.IdNumber(1), name = "张三" })
        };
        request.Headers.Add("X-Correlation-Id", "intake-2026-04");
        var enrolled = await clerk1.Client().SendAsync(request);
        enrolled.Headers.GetValues("X-Correlation-Id").Should().Equal("intake-2026-04");
        var enrollment = await Api.Expect<EnrollmentCreated>(enrolled, HttpStatusCode.Created);
        (await clerk2.Withdraw(classId, enrollment.EnrollmentId, "moved to Guangzhou")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var bureau = Api.As(Fixture.Token(Roles.Bureau, region: "441600"));
        var history = await bureau.Get<List<Entry>>($"/api/classes/{classId}/history");

        history.Select(e => (e.Version, e.Event, e.By.Subject, e.By.Role)).Should().Equal(
            (1, "class_registered", "clerk-1", "institution"),
            (2, "trainee_enrolled", "clerk-1", "institution"),
            (3, "enrollment_withdrawn", "clerk-2", "institution"));
        history[1].CorrelationId.Should().Be("intake-2026-04");
        history[2].CorrelationId.Should().NotBeNullOrEmpty().And.NotBe("intake-2026-04", "a request without one gets its own");
        history[2].Data.GetProperty("reason").GetString().Should().Be("moved to Guangzhou");
        history.Should().OnlyContain(e => e.At == Fixture.Clock.GetUtcNow(), "events are stamped by the service's clock");
        JsonSerializer.Serialize(history).Should().NotContain(People.IdNumber(1));
    }

    [Fact]
    public async Task a_certificate_history_shows_the_award_and_the_revocation()
    {
        var number = Api.CertificateNo();
        var certifier = Api.As(Fixture.Token(Roles.Certifier, subject: "assessor-7"));
        (await certifier.TryAward(number, People.IdNumber(1))).StatusCode.Should().Be(HttpStatusCode.Created);
        await Api.Revoke(number);

        var history = await Api.Get<List<Entry>>($"/api/certificates/{number}/history");
        history.Select(e => (e.Event, e.By.Subject)).Should().Equal(("certificate_awarded", "assessor-7"), ("certificate_revoked", "test-admin"));
    }

    [Fact]
    public async Task reading_a_full_id_number_is_itself_recorded()
    {
        var enrollment = await Api.Enroll(await Api.NewClass("441625"), People.IdNumber(1));
        var bureau = Api.As(Fixture.Token(Roles.Bureau, region: "441600", scope: "pii", subject: "officer-3"));

        var identity = await bureau.Get<TraineeIdentityView>($"/api/trainees/{enrollment.TraineeId}/identity");
        identity.IdNumber.Should().Be(People.IdNumber(1));

        var record = await Api.Get<TraineeRecord>($"/api/trainees/{enrollment.TraineeId}");
        record.Disclosures.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ToSubject = "officer-3", ToRole = "bureau" });
    }

    static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
