using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Tests.Support;

namespace Training.Tests.Enrollments;

public class when_withdrawing_and_completing(TrainingHost fixture) : IntegrationContext(fixture)
{
    static readonly CompleteEnrollment Passed = new(new DateOnly(2026, 3, 21), true);

    [Fact]
    public void withdrawing_an_active_enrollment_frees_its_seat()
    {
        var cls = Given.AClass(capacity: 1).WithEnrolled(Guid.NewGuid(), out var enrollment);
        var decision = WithdrawEnrollmentEndpoint.Decide(cls, enrollment, new("moved"), Given.Today);
        decision.Events.Should().ContainSingle().Which.Should().BeOfType<EnrollmentWithdrawn>();
        cls.Apply((EnrollmentWithdrawn)decision.Events[0]).Enrolled.Should().Be(0);
    }

    [Fact]
    public void only_an_active_enrollment_can_be_withdrawn_or_completed()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        cls = cls.Apply(new EnrollmentWithdrawn(cls.Id, enrollment, null, Given.Today));
        WithdrawEnrollmentEndpoint.Decide(cls, enrollment, new(null), Given.Today).Refusal!.Status.Should().Be(409);
        CompleteEnrollmentEndpoint.Decide(cls, enrollment, Passed, Given.Today).Refusal!.Status.Should().Be(409);
    }

    [Fact]
    public void an_unknown_enrollment_is_not_found()
    {
        WithdrawEnrollmentEndpoint.Decide(Given.AClass(), Guid.NewGuid(), new(null), Given.Today).Refusal!.Status.Should().Be(404);
        CompleteEnrollmentEndpoint.Decide(Given.AClass(), Guid.NewGuid(), Passed, Given.Today).Refusal!.Status.Should().Be(404);
    }

    [Theory]
    [InlineData("2026-02-28")] // before the class started
    [InlineData("2026-06-16")] // tomorrow
    public void a_completion_date_outside_the_class_and_today_is_invalid(string completedOn)
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        CompleteEnrollmentEndpoint.Decide(cls, enrollment, new(DateOnly.Parse(completedOn), true), Given.Today)
            .Refusal.Should().BeEquivalentTo(new { Status = 400, Field = "completedOn" });
    }

    [Fact]
    public void completion_needs_a_date_and_a_result() =>
        CompleteEnrollmentEndpoint.Check(new(null, null)).Errors.Keys.Should().BeEquivalentTo("completedOn", "passed");

    [Fact]
    public void the_class_is_completed_when_nobody_is_left_in_training()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var first).WithEnrolled(Guid.NewGuid(), out var second, 2);
        cls.Apply(new EnrollmentWithdrawn(cls.Id, first, null, Given.Today)).Status.Should().Be(ClassStatus.Open,
            "withdrawals alone do not make a class completed");
        cls = cls.Apply(new EnrollmentCompleted(cls.Id, first, Given.Today, true));
        cls.Status.Should().Be(ClassStatus.Open, "one trainee is still in training");
        cls.Apply(new EnrollmentWithdrawn(cls.Id, second, null, Given.Today)).Status.Should().Be(ClassStatus.Completed);
    }

    [Fact]
    public async Task withdrawal_takes_the_enrollment_out_of_the_figures()
    {
        var classId = await Api.NewClass(capacity: 2);
        var zhang = await Api.Enroll(classId, People.IdNumber(1));
        await Api.Enroll(classId, People.IdNumber(2), "李四");

        (await Api.Withdraw(classId, zhang.EnrollmentId)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Api.Class(classId)).Enrolled.Should().Be(1);
        (await Api.Roster(classId)).Single(r => r.EnrollmentId == zhang.EnrollmentId).Status.Should().Be("withdrawn");
        var progress = (await Api.Progress("441625", 2026))["yuecai"];
        progress.Enrolled.Should().Be(1);
        progress.UniqueTrainees.Should().Be(1);
        await Api.Enroll(classId, People.IdNumber(3), "王五"); // the freed seat can be taken
    }

    [Fact]
    public async Task withdrawing_twice_is_a_conflict_and_an_unknown_enrollment_is_not_found()
    {
        var classId = await Api.NewClass();
        var zhang = await Api.Enroll(classId, People.IdNumber(1));
        await Api.Withdraw(classId, zhang.EnrollmentId);
        await (await Api.Withdraw(classId, zhang.EnrollmentId)).ShouldBeProblem(HttpStatusCode.Conflict, "enrollmentId");
        await (await Api.Withdraw(classId, Guid.NewGuid())).ShouldBeProblem(HttpStatusCode.NotFound, "enrollmentId");
        await (await Api.Complete(classId, Guid.NewGuid())).ShouldBeProblem(HttpStatusCode.NotFound, "enrollmentId");
    }

    [Fact]
    public async Task completions_count_separately_and_only_when_passed()
    {
        var classId = await Api.NewClass();
        var zhang = await Api.Enroll(classId, People.IdNumber(1));
        var li = await Api.Enroll(classId, People.IdNumber(2), "李四");
        await Api.Enroll(classId, People.IdNumber(3), "王五");

        (await Api.Complete(classId, zhang.EnrollmentId, passed: true)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Api.Complete(classId, li.EnrollmentId, passed: false)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var progress = (await Api.Progress("441600", 2026))["yuecai"];
        progress.Should().BeEquivalentTo(new { Enrolled = 3, Completed = 1, UniqueTrainees = 3 });
        await (await Api.Complete(classId, zhang.EnrollmentId)).ShouldBeProblem(HttpStatusCode.Conflict, "enrollmentId");
    }

    [Fact]
    public async Task a_completion_in_the_future_is_refused_over_http()
    {
        var classId = await Api.NewClass();
        var zhang = await Api.Enroll(classId, People.IdNumber(1));
        await (await Api.Complete(classId, zhang.EnrollmentId, completedOn: "2026-06-16")).ShouldBeProblem(HttpStatusCode.BadRequest, "completedOn");
        await (await Api.Post($"/api/classes/{classId}/enrollments/{zhang.EnrollmentId}/complete", new { completedOn = "2026-03-21" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "passed");
    }
}
