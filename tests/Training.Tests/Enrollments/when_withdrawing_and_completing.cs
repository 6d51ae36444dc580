using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Tests.Support;

namespace Training.Tests.Enrollments;

public class when_withdrawing_and_completing(TrainingHost fixture) : IntegrationContext(fixture)
{
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
