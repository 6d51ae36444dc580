using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Tests.Support;

namespace Training.Tests.Classes;

public class when_cancelling_a_class(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task its_trainees_stop_counting_and_only_its_own()
    {
        var cancelled = await Api.NewClass();
        var kept = await Api.NewClass();
        var zhang = await Api.Enroll(cancelled, People.IdNumber(1));
        await Api.Enroll(cancelled, People.IdNumber(2), "李四");
        await Api.Withdraw(cancelled, zhang.EnrollmentId);
        await Api.Enroll(kept, People.IdNumber(1));

        (await Api.Cancel(cancelled)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var cls = await Api.Class(cancelled);
        cls.Status.Should().Be("cancelled");
        cls.Enrolled.Should().Be(0);
        (await Api.Roster(cancelled)).Select(r => r.Status).Should().BeEquivalentTo("withdrawn", "cancelled");
        (await Api.Progress("441625", 2026))["yuecai"].Should().BeEquivalentTo(new { Enrolled = 1, UniqueTrainees = 1 });
    }

    [Fact]
    public async Task cancelling_twice_is_a_conflict_and_a_reason_is_required()
    {
        var classId = await Api.NewClass();
        await (await Api.Post($"/api/classes/{classId}/cancel", new { })).ShouldBeProblem(HttpStatusCode.BadRequest, "reason");
        (await Api.Cancel(classId)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var before = await Events.CountAsync(Fixture);
        await (await Api.Cancel(classId)).ShouldBeProblem(HttpStatusCode.Conflict, "id");
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }
}
