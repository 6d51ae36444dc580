using System.Net;
using Training.Classes;
using Training.Enrollments;
using Training.Identity;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;
using Training.Trainees;
using Training.Web;

namespace Training.Decisions.Tests.Enrollments;

public class when_enrolling
{
    static readonly string IdNumber = People.IdNumber(1);
    static readonly Guid TraineeId = Guid.NewGuid();
    static EnrollTrainee Request(string name = "张三") => new(IdNumber, name, null, []);

    static Decision Decide(ClassSeats cls, Trainee? known = null, string name = "张三") =>
        EnrollTraineeEndpoint.Decide(cls, Request(name), TraineeId, known, Guid.NewGuid(), Given.Today);

    [Fact]
    public void a_seat_is_taken_with_the_id_number_masked()
    {
        var enrolled = Decide(Given.AClass()).Events.Should().ContainSingle().Which.Should().BeOfType<TraineeEnrolled>().Subject;
        enrolled.TraineeId.Should().Be(TraineeId);
        enrolled.IdNumberMasked.Should().Be(ResidentId.Mask(IdNumber)).And.NotContain(IdNumber[6..14]);
    }

    [Fact]
    public void a_full_class_refuses() => Decide(Given.AClass(capacity: 2).WithEnrolled(2)).ShouldRefuse(409, "id", "is full");

    [Fact]
    public void a_cancelled_class_refuses() =>
        Decide(Given.AClass().After(new ClassCancelled(Guid.Empty, "no teacher", Given.Today))).ShouldRefuse(409, "id", "is cancelled");

    [Fact]
    public void a_completed_class_refuses()
    {
        var cls = Given.AClass().WithEnrolled(Guid.NewGuid(), out var enrollment);
        cls = cls.After(new EnrollmentCompleted(cls.Id, enrollment, Given.Today, true));
        cls.Status.Should().Be(ClassStatus.Completed);
        Decide(cls).ShouldRefuse(409, "id", "is completed");
    }

    [Fact]
    public void a_person_already_in_the_class_is_refused() =>
        Decide(Given.AClass().WithEnrolled(TraineeId, out _)).Refusal.Should().BeEquivalentTo(new { Status = 409, Field = "idNumber" });

    [Fact]
    public void a_person_who_withdrew_may_enroll_again()
    {
        var cls = Given.AClass().WithEnrolled(TraineeId, out var enrollment);
        cls = cls.After(new EnrollmentWithdrawn(cls.Id, enrollment, null, Given.Today));
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
}
