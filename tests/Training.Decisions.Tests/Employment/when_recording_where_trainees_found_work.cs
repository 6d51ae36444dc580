using Training.Classes;
using Training.Decisions.Tests.Support;
using Training.Employment;
using Training.Tests.Support;
using Training.Web;

namespace Training.Decisions.Tests.Employment;

public class when_recording_where_trainees_found_work
{
    static readonly Guid TraineeId = Guid.NewGuid(), OutcomeId = Guid.NewGuid(), Mine = Guid.NewGuid(), Theirs = Guid.NewGuid();

    static PastEnrollment In(Guid institution, string start, string status = EnrollmentStatus.Active, string programme = "yuecai",
        string region = "441625") => new(Guid.NewGuid(), institution, programme, null, region, DateOnly.Parse(start), status);

    static RecordEmploymentRequest Valid() => new("yuecai", "employed", new DateOnly(2026, 4, 1), null, "东源县客家菜馆", null, null);

    static RecordEmployment Command(string since = "2026-04-01", Guid? classId = null) =>
        RecordEmploymentEndpoint.Check(Valid() with { Since = DateOnly.Parse(since), ClassId = classId }, Given.Catalogue, Given.Today).Command!;

    static Decision Decide(RecordEmployment cmd, PastEnrollment[] enrollments, EmploymentOutcome[]? outcomes = null, Guid? caller = null) =>
        RecordEmploymentEndpoint.Decide(cmd, TraineeId, enrollments, outcomes ?? [], e => caller is null || e.InstitutionId == caller,
            OutcomeId, Given.Today);

    public static TheoryData<RecordEmploymentRequest, string> InvalidRequests => new()
    {
        { Valid() with { Programme = "cooking" }, "programme" },
        { Valid() with { Status = "retired" }, "status" },
        { Valid() with { Since = null }, "since" },
        { Valid() with { Since = new DateOnly(2026, 6, 16) }, "since" },
        { Valid() with { ClassId = Guid.Empty }, "classId" },
        { Valid() with { EmployerCreditCode = "91441625MA4UT0001X" }, "employerCreditCode" },
        { Valid() with { EmployerName = new string('店', 201) }, "employerName" },
        { Valid() with { Note = new string('记', 501) }, "note" },
    };

    [Theory, MemberData(nameof(InvalidRequests))]
    public void each_rule_names_its_field(RecordEmploymentRequest request, string field) =>
        RecordEmploymentEndpoint.Check(request, Given.Catalogue, Given.Today).Errors.Keys.Should().Equal(field);

    [Fact]
    public void an_employer_credit_code_is_upper_cased_and_a_blank_note_is_refused()
    {
        var code = People.CreditCode(7);
        var cmd = RecordEmploymentEndpoint.Check(Valid() with { EmployerCreditCode = code.ToLowerInvariant(), Note = null },
            Given.Catalogue, Given.Today).Command!;
        cmd.Should().BeEquivalentTo(new { EmployerCreditCode = code, Note = (string?)null });
        // Empty optional text is refused, not taken as none (see README, "Bad input").
        RecordEmploymentEndpoint.Check(Valid() with { Note = "  " }, Given.Catalogue, Given.Today).Errors.Keys.Should().Equal("note");
    }

    [Fact]
    public void the_outcome_follows_the_latest_class_started_by_the_day_work_began()
    {
        var early = In(Mine, "2026-01-05");
        var later = In(Mine, "2026-03-02");
        var after = In(Mine, "2026-05-04");

        var decision = Decide(Command("2026-04-01"), [early, later, after]);

        decision.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            OutcomeId, TraineeId, ClassId = later.ClassId, RegionCode = "441625", ClassStartDate = new DateOnly(2026, 3, 2),
            Since = new DateOnly(2026, 4, 1), RecordedOn = Given.Today
        });
    }

    [Fact]
    public void withdrawn_and_cancelled_enrollments_trained_nobody() =>
        Decide(Command(), [In(Mine, "2026-03-01", EnrollmentStatus.Withdrawn), In(Mine, "2026-03-01", EnrollmentStatus.Cancelled)])
            .ShouldRefuse(400, "programme", "withdrawn or cancelled");

    [Fact]
    public void another_programme_does_not_count() =>
        Decide(Command(), [In(Mine, "2026-03-01", programme: "jiazheng")]).ShouldRefuse(400, "programme", "never enrolled");

    [Fact]
    public void a_named_class_must_be_one_the_person_enrolled_in() =>
        Decide(Command(classId: Guid.NewGuid()), [In(Mine, "2026-03-01")]).ShouldRefuse(400, "classId", "never enrolled");

    [Fact]
    public void work_cannot_begin_before_the_class() =>
        Decide(Command("2026-02-28"), [In(Mine, "2026-03-01")]).ShouldRefuse(400, "since", "2026-03-01");

    [Fact]
    public void an_institution_records_only_people_it_trained()
    {
        Decide(Command(), [In(Theirs, "2026-03-01")], caller: Mine).ShouldRefuse(403, "authorization");
        Decide(Command(), [In(Theirs, "2026-03-01"), In(Mine, "2026-03-01", programme: "jiazheng")], caller: Mine)
            .ShouldRefuse(403, "authorization");
        Decide(Command(), [In(Theirs, "2026-03-01"), In(Mine, "2026-02-01")], caller: Mine).Accepted.Should().BeTrue();
    }

    [Fact]
    public void one_open_outcome_a_programme_until_it_ends()
    {
        var enrollment = In(Mine, "2026-03-01");
        var open = EmploymentOutcome.Create((EmploymentRecorded)Decide(Command("2026-03-10"), [enrollment]).Events[0]);

        Decide(Command(), [enrollment], [open]).ShouldRefuse(409, "programme", "open");
        Decide(Command(), [enrollment], [open.Apply(new EmploymentEnded(open.Id, TraineeId, new DateOnly(2026, 3, 31), null, Given.Today))])
            .Accepted.Should().BeTrue();
    }

    static EmploymentOutcome Outcome() =>
        EmploymentOutcome.Create((EmploymentRecorded)Decide(Command("2026-04-01"), [In(Mine, "2026-03-01")]).Events[0]);

    [Fact]
    public void a_correction_keeps_what_it_does_not_name_and_a_no_change_appends_nothing()
    {
        var outcome = Outcome();
        var cmd = CorrectEmploymentEndpoint.Check(new(null, new DateOnly(2026, 3, 15), null, null, null, "wrong date"), Given.Today).Command!;

        CorrectEmploymentEndpoint.Decide(outcome, cmd, Given.Today).Events.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Status = "employed", Since = new DateOnly(2026, 3, 15), EmployerName = "东源县客家菜馆", Reason = "wrong date", CorrectedOn = Given.Today
        });
        var same = CorrectEmploymentEndpoint.Check(new("employed", new DateOnly(2026, 4, 1), null, null, null, null), Given.Today).Command!;
        CorrectEmploymentEndpoint.Decide(outcome, same, Given.Today).Should().BeEquivalentTo(new { Accepted = true, Events = Array.Empty<object>() });
    }

    [Fact]
    public void a_correction_stays_between_the_class_start_and_the_end()
    {
        var outcome = Outcome();
        CorrectEmploymentEndpoint.Decide(outcome, new CorrectEmployment(null, new DateOnly(2026, 2, 1), null, null, null, null), Given.Today)
            .ShouldRefuse(400, "since", "before the class started");
        var ended = outcome.Apply(new EmploymentEnded(outcome.Id, TraineeId, new DateOnly(2026, 5, 1), null, Given.Today));
        CorrectEmploymentEndpoint.Decide(ended, new CorrectEmployment(null, new DateOnly(2026, 5, 2), null, null, null, null), Given.Today)
            .ShouldRefuse(400, "since", "after the outcome ended");
        CorrectEmploymentEndpoint.Check(new(null, null, null, null, null, "just because"), Given.Today).Errors.Keys.Should().Equal("body");
    }

    [Fact]
    public void an_outcome_ends_once_and_not_before_it_began()
    {
        var outcome = Outcome();
        EndEmploymentEndpoint.Decide(outcome, new EndEmployment(new DateOnly(2026, 3, 31), null), Given.Today).ShouldRefuse(400, "endedOn");
        var ended = outcome.Apply((EmploymentEnded)EndEmploymentEndpoint.Decide(outcome, new EndEmployment(new DateOnly(2026, 5, 1), "closed"),
            Given.Today).Events[0]);
        ended.Should().BeEquivalentTo(new { EndedOn = new DateOnly(2026, 5, 1), EndReason = "closed", IsOpen = false });
        EndEmploymentEndpoint.Decide(ended, new EndEmployment(new DateOnly(2026, 5, 2), null), Given.Today).ShouldRefuse(409, "outcomeId");
        EndEmploymentEndpoint.Check(new(new DateOnly(2026, 6, 16), null), Given.Today).Errors.Keys.Should().Equal("endedOn");
    }
}
