using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Identity;
using Training.Tests.Support;
using Training.Trainees;
using Training.Web;

namespace Training.Tests.Enrollments;

public class when_enrolling(TrainingHost fixture) : IntegrationContext(fixture)
{
    static readonly string IdNumber = People.IdNumber(1);
    static readonly Guid TraineeId = Guid.NewGuid();
    static EnrollTrainee Request(string name = "张三") => new(IdNumber, name, null, []);

    static Decision Decide(TrainingClass cls, Trainee? known = null, string name = "张三") =>
        EnrollTraineeEndpoint.Decide(cls, Request(name), TraineeId, known, Guid.NewGuid(), Given.Today);

    [Fact]
    public void a_seat_is_taken_with_the_id_number_masked()
    {
        var enrolled = Decide(Given.AClass()).Events.Should().ContainSingle().Which.Should().BeOfType<TraineeEnrolled>().Subject;
        enrolled.TraineeId.Should().Be(TraineeId);
        enrolled.IdNumberMasked.Should().Be(ResidentId.Mask(IdNumber)).And.NotContain(IdNumber[6..14]);
    }

    [Fact]
    public void a_full_class_refuses() => Decide(Given.AClass(capacity: 2).WithEnrolled(2)).Refusal!.Status.Should().Be(409);

    [Fact]
    public void a_cancelled_class_refuses() =>
        Decide(Given.AClass().Apply(new ClassCancelled(Guid.Empty, "no teacher", Given.Today))).Refusal!.Status.Should().Be(409);

    [Fact]
    public void a_completed_class_refuses()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        cls = cls.Apply(new EnrollmentCompleted(cls.Id, enrollment, Given.Today, true));
        cls.Status.Should().Be(ClassStatus.Completed);
        Decide(cls).Refusal!.Status.Should().Be(409);
    }

    [Fact]
    public void a_person_already_in_the_class_is_refused() =>
        Decide(Given.AClass().WithEnrolled(TraineeId, out _)).Refusal.Should().BeEquivalentTo(new { Status = 409, Field = "idNumber" });

    [Fact]
    public void a_person_who_withdrew_may_enroll_again()
    {
        var cls = Given.AClass().WithEnrolled(TraineeId, out var enrollment);
        cls = cls.Apply(new EnrollmentWithdrawn(cls.Id, enrollment, null, Given.Today));
        Decide(cls).Accepted.Should().BeTrue();
    }

    [Fact]
    public void an_id_number_recorded_under_another_name_is_refused() =>
        Decide(Given.AClass(), new Trainee(TraineeId, IdNumber, "李四", null, [])).Refusal.Should().BeEquivalentTo(new { Status = 409, Field = "name" });

    [Fact]
    public void the_full_id_number_and_phone_go_only_to_the_trainees_own_stream()
    {
        Trainee.Identify(null, TraineeId, IdNumber, "张三", "13800138000")
            .Should().Be(new PersonIdentified(TraineeId, IdNumber, "张三", "13800138000"));
        var known = new Trainee(TraineeId, IdNumber, "张三", "13800138000", []);
        Trainee.Identify(known, TraineeId, IdNumber, "张三", null).Should().BeNull();
        Trainee.Identify(known, TraineeId, IdNumber, "张三", "13900139000").Should().Be(new PhoneRecorded(TraineeId, "13900139000"));
    }

    [Theory]
    [InlineData("idNumber")]
    [InlineData("name")]
    [InlineData("phone")]
    [InlineData("groups")]
    public void each_rule_names_its_field(string field)
    {
        var request = field switch
        {
            "idNumber" => new EnrollTraineeRequest(People.BadIdNumber(1), "张三", null, null),
            "name" => new EnrollTraineeRequest(IdNumber, "", null, null),
            "phone" => new EnrollTraineeRequest(IdNumber, "张三", "call me", null),
            _ => new EnrollTraineeRequest(IdNumber, "张三", null, ["astronaut"])
        };
        EnrollTraineeEndpoint.Check(request).Errors.Keys.Should().Equal(field);
    }

    [Fact]
    public async Task the_same_person_keeps_one_trainee_id_across_classes()
    {
        var first = await Api.Enroll(await Api.NewClass(), IdNumber);
        var second = await Api.Enroll(await Api.NewClass(programme: "jiazheng"), IdNumber.ToLowerInvariant());
        second.TraineeId.Should().Be(first.TraineeId);
        first.EnrollmentId.Should().NotBe(second.EnrollmentId);
    }

    [Fact]
    public async Task the_roster_shows_names_and_masked_id_numbers_only()
    {
        var classId = await Api.NewClass();
        var zhang = await Api.Enroll(classId, People.IdNumber(1), "张三");
        var li = await Api.Enroll(classId, People.IdNumber(2), "李四");

        var roster = await Api.Roster(classId);
        roster.Should().BeEquivalentTo([
            new RosterEntry(zhang.EnrollmentId, zhang.TraineeId, "张三", ResidentId.Mask(People.IdNumber(1)), "active"),
            new RosterEntry(li.EnrollmentId, li.TraineeId, "李四", ResidentId.Mask(People.IdNumber(2)), "active")
        ]);
        var raw = await (await Api.Send(HttpMethod.Get, $"/api/classes/{classId}/enrollments")).Content.ReadAsStringAsync();
        raw.Should().NotContain(People.IdNumber(1)).And.NotContain(People.IdNumber(2));
        (await Api.Class(classId)).Enrolled.Should().Be(2);
    }

    [Fact]
    public async Task refusals_append_nothing()
    {
        var classId = await Api.NewClass(capacity: 1);
        await Api.Enroll(classId, People.IdNumber(1));
        var version = (await Api.Class(classId)).Version;

        await (await Api.TryEnroll(classId, People.IdNumber(2))).ShouldBeProblem(HttpStatusCode.Conflict, "id");
        await (await Api.TryEnroll(classId, People.IdNumber(1))).ShouldBeProblem(HttpStatusCode.Conflict, "idNumber");
        await (await Api.TryEnroll(classId, People.BadIdNumber(3))).ShouldBeProblem(HttpStatusCode.BadRequest, "idNumber");
        await (await Api.Post($"/api/classes/{classId}/enrollments", "{\"idNumber\": ")).ShouldBeProblem(HttpStatusCode.BadRequest, "idNumber");

        (await Api.Class(classId)).Version.Should().Be(version);
        (await Api.Roster(classId)).Should().HaveCount(1);
    }

    [Fact]
    public async Task a_cancelled_class_takes_no_enrollments()
    {
        var classId = await Api.NewClass();
        (await Api.Cancel(classId)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await Api.TryEnroll(classId, People.IdNumber(1))).ShouldBeProblem(HttpStatusCode.Conflict, "id");
    }

    [Fact]
    public async Task an_id_number_under_a_different_name_is_refused_over_http()
    {
        await Api.Enroll(await Api.NewClass(), People.IdNumber(1), "张三");
        await (await Api.TryEnroll(await Api.NewClass(), People.IdNumber(1), "张叁")).ShouldBeProblem(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task sixty_clients_racing_for_ten_seats_get_exactly_ten()
    {
        var classId = await Api.NewClass(capacity: 10);
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Api.TryEnroll(classId, People.IdNumber(i), $"学员{i}")));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(10);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(50);
        (await Api.Class(classId)).Enrolled.Should().Be(10);
        (await Api.Roster(classId)).Should().HaveCount(10);
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(10);
    }

    [Fact]
    public async Task one_person_racing_into_one_class_is_enrolled_once()
    {
        var classId = await Api.NewClass();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.TryEnroll(classId, People.IdNumber(1))));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        (await Api.Class(classId)).Enrolled.Should().Be(1);
    }
}
