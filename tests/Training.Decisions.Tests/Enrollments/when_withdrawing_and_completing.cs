using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Enrollments;

public class when_withdrawing_and_completing
{
    static readonly CompleteEnrollment Passed = new(new DateOnly(2026, 3, 21), true);

    [Fact]
    public void withdrawing_an_active_enrollment_frees_its_seat()
    {
        var cls = Given.AClass(capacity: 1).WithEnrolled(Guid.NewGuid(), out var enrollment);
        var decision = WithdrawEnrollmentEndpoint.Decide(cls, enrollment, new("moved"), Given.Today);
        decision.Events.Should().ContainSingle().Which.Should().BeOfType<EnrollmentWithdrawn>();
        cls.After((EnrollmentWithdrawn)decision.Events[0]).Enrolled.Should().Be(0);
    }

    [Fact]
    public void only_an_active_enrollment_can_be_withdrawn_or_completed()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        cls = cls.After(new EnrollmentWithdrawn(cls.Id, enrollment, null, Given.Today));
        WithdrawEnrollmentEndpoint.Decide(cls, enrollment, new(null), Given.Today).ShouldRefuse(409, "enrollmentId");
        CompleteEnrollmentEndpoint.Decide(cls, enrollment, Passed, Given.Today).ShouldRefuse(409, "enrollmentId");
    }

    [Fact]
    public void an_unknown_enrollment_is_not_found()
    {
        WithdrawEnrollmentEndpoint.Decide(Given.AClass(), Guid.NewGuid(), new(null), Given.Today).ShouldRefuse(404, "enrollmentId");
        CompleteEnrollmentEndpoint.Decide(Given.AClass(), Guid.NewGuid(), Passed, Given.Today).ShouldRefuse(404, "enrollmentId");
    }

    [Theory]
    [InlineData("2026-02-28", "before the class's start")]
    [InlineData("2026-06-16", "in the future")] // tomorrow
    public void a_completion_date_outside_the_class_and_today_is_invalid(string completedOn, string rule)
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        CompleteEnrollmentEndpoint.Decide(cls, enrollment, new(DateOnly.Parse(completedOn), true), Given.Today)
            .ShouldRefuse(400, "completedOn", rule);
    }

    [Fact]
    public void completion_needs_a_date_and_a_result() =>
        CompleteEnrollmentEndpoint.Check(new(null, null)).Errors.Keys.Should().BeEquivalentTo("completedOn", "passed");

    [Fact]
    public void the_class_is_completed_when_nobody_is_left_in_training()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var first).WithEnrolled(Guid.NewGuid(), out var second, 2);
        cls.After(new EnrollmentWithdrawn(cls.Id, first, null, Given.Today)).Status.Should().Be(ClassStatus.Open,
            "withdrawals alone do not make a class completed");
        cls = cls.After(new EnrollmentCompleted(cls.Id, first, Given.Today, true));
        cls.Status.Should().Be(ClassStatus.Open, "one trainee is still in training");
        cls.After(new EnrollmentWithdrawn(cls.Id, second, null, Given.Today)).Status.Should().Be(ClassStatus.Completed);
    }
}
