using System.Text.Json;
using Training.Classes;
using Training.Enrollments;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;
using Training.Web;

namespace Training.Decisions.Tests.Classes;

public class when_keeping_a_class_decision_state
{
    static Decision Enroll(ClassSeats state, Guid traineeId, string name = "张三") =>
        EnrollTraineeEndpoint.Decide(state, new EnrollTrainee(People.IdNumber(1), name, null, []), traineeId, null, Guid.NewGuid(), Given.Today);

    [Fact]
    public void the_class_counts_seats_and_carries_no_roster()
    {
        var state = Given.AClass(capacity: 100).WithEnrolled(50);
        state.Class.Enrolled.Should().Be(50);

        var snapshot = JsonSerializer.Serialize(state.Class);
        snapshot.Should().NotContain("张三").And.NotContain("441625********");
        snapshot.Length.Should().Be(JsonSerializer.Serialize(Given.AClass(capacity: 100).Class).Length + 1,
            "fifty enrollments change a count, not the size of the snapshot (0 becomes 50)");
    }

    [Fact]
    public void only_active_and_completed_seats_count()
    {
        var state = Given.AClass().WithEnrolled(Guid.NewGuid(), out var withdrawn).WithEnrolled(Guid.NewGuid(), out var completed, 2)
            .WithEnrolled(Guid.NewGuid(), out _, 3);
        state = state.After([new EnrollmentWithdrawn(state.Id, withdrawn, null, Given.Today), new EnrollmentCompleted(state.Id, completed, Given.Today, false)]);

        state.Class.Should().BeEquivalentTo(new { Active = 1, Completed = 1, Enrolled = 2, Status = ClassStatus.Open });
        state.Seats.Select(s => s.Status).Should().Equal(EnrollmentStatus.Withdrawn, EnrollmentStatus.Completed, EnrollmentStatus.Active);
    }

    [Fact]
    public void cancelling_frees_the_active_seats_and_keeps_the_completed()
    {
        var state = Given.AClass().WithEnrolled(Guid.NewGuid(), out var done).WithEnrolled(Guid.NewGuid(), out _, 2);
        state = state.After([new EnrollmentCompleted(state.Id, done, Given.Today, true), new ClassCancelled(state.Id, "x", Given.Today)]);

        state.Class.Should().BeEquivalentTo(new { Active = 0, Completed = 1, Enrolled = 1, Status = ClassStatus.Cancelled });
        state.Seats.Select(s => s.Status).Should().Equal(EnrollmentStatus.Completed, EnrollmentStatus.Cancelled);
    }

    [Fact]
    public void a_batch_folds_the_state_row_by_row()
    {
        var (zhang, li, wang) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var state = Given.AClass(capacity: 2);
        var answers = new List<Decision>();
        foreach (var person in new[] { zhang, zhang, li, wang })
        {
            var decision = Enroll(state, person);
            answers.Add(decision);
            state = state.After(decision.Events);
        }

        answers[0].Accepted.Should().BeTrue();
        answers[1].ShouldRefuse(409, "idNumber", "already enrolled");
        answers[2].Accepted.Should().BeTrue();
        answers[3].ShouldRefuse(409, "id", "is full");
        state.Class.Enrolled.Should().Be(2);
        state.Seats.Select(s => s.TraineeId).Should().Equal(zhang, li);
    }

    [Fact]
    public void a_seat_freed_by_withdrawal_can_be_taken_again()
    {
        var person = Guid.NewGuid();
        var state = Given.AClass(capacity: 1).WithEnrolled(person, out var enrollment);
        Enroll(state, Guid.NewGuid()).ShouldRefuse(409, "id", "is full");

        state = state.After(WithdrawEnrollmentEndpoint.Decide(state, enrollment, new(null), Given.Today).Events);
        var again = Enroll(state, person);
        again.Accepted.Should().BeTrue();
        state.After(again.Events).Class.Enrolled.Should().Be(1);
    }
}
