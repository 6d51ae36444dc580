using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Classes;

public class when_cancelling_a_class
{
    [Fact]
    public void an_open_class_is_cancelled_with_its_reason() =>
        CancelClassEndpoint.Decide(Given.AClass(), new("no teacher"), Given.Today).Events.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Reason = "no teacher", CancelledOn = Given.Today });

    [Fact]
    public void a_cancelled_class_cannot_be_cancelled_again()
    {
        var cls = Given.AClass().After(new ClassCancelled(Guid.Empty, "no teacher", Given.Today));
        CancelClassEndpoint.Decide(cls, new("again"), Given.Today).ShouldRefuse(409, "id", "already cancelled");
    }

    [Fact]
    public void a_class_with_completions_took_place_and_cannot_be_cancelled()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var done).WithEnrolled(Guid.NewGuid(), out _, 2);
        cls = cls.After(new EnrollmentCompleted(cls.Id, done, Given.Today, true));
        CancelClassEndpoint.Decide(cls, new("late"), Given.Today).ShouldRefuse(409, "id", "recorded completions");
    }

    [Fact]
    public void a_reason_is_required() => CancelClassEndpoint.Check(new("  ")).Errors.Keys.Should().Equal("reason");
}
