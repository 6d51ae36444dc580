using System.Net;
using Training.Access;
using Training.Progress;
using Training.Tests.Reports;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Tests.Employment;

public class when_recording_where_trainees_found_work(TrainingHost fixture) : ReportsContext(fixture)
{
    static Training.Progress.ProgrammeProgress Yuecai(Training.Progress.RegionProgress report) => report.Programmes.Single(p => p.Programme == "yuecai");

    [Fact]
    public async Task an_outcome_counts_in_the_region_of_the_class_and_the_year_it_began()
    {
        var classId = await Api.ClassIn("441625", "2026-03-01", track: "kejia");
        var people = await Api.EnrollMany(classId, 1, 2);

        var first = await Api.RecordEmployment(people[0].TraineeId, since: "2026-04-01");
        (await Api.EndEmployment(people[0].TraineeId, first, "2026-05-01")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Api.RecordEmployment(people[0].TraineeId, since: "2026-05-20"); // a new job: a second person-time, the same person
        await Api.RecordEmployment(people[1].TraineeId, since: "2026-06-01");

        foreach (var region in new[] { "441625", "441600", "440000" })
        {
            var report = await Api.YearReport(region, 2026);
            Yuecai(report).Should().BeEquivalentTo(new { Employed = 3, EmployedPeople = 2 }, $"for {region}, an ended outcome still counts");
            report.All!.Should().BeEquivalentTo(new { Employed = 3, EmployedPeople = 2 });
            report.Programmes.Single(p => p.Programme == "jiazheng").Employed.Should().Be(0);
        }
        (await Api.YearReport("441625", 2025)).Programmes.Sum(p => p.Employed).Should().Be(0);
        (await Api.YearReport("440703", 2026)).Programmes.Sum(p => p.Employed).Should().Be(0, "Jiangmen trained none of them");

        var breakdown = await Api.Breakdown("441600", 2026, "yuecai");
        breakdown.Total.Should().BeEquivalentTo(new { Employed = 3, EmployedPeople = 2 });
        breakdown.ByRegion.Single(r => r.Code == "441625").Employed.Should().Be(3);
        breakdown.ByInstitution.Sum(r => r.Employed).Should().Be(3);
        breakdown.ByTrack.Single(r => r.Code == "kejia").Employed.Should().Be(3);
        breakdown.ByMonth.Where(m => m.Employed > 0).Select(m => (m.Month, m.Employed)).Should().Equal((4, 1), (5, 1), (6, 1));
        breakdown.ByMonth[11].CumulativeEmployed.Should().Be(3);
    }

    [Fact]
    public async Task a_correction_on_a_later_day_moves_the_outcome_from_that_day_on()
    {
        ClockAt(2026, 6, 15);
        var classId = await Api.ClassIn("441625", "2025-11-03");
        var person = (await Api.EnrollMany(classId, 1, 1))[0];
        var outcome = await Api.RecordEmployment(person.TraineeId, since: "2026-01-10");

        ClockAt(2026, 6, 17);
        (await Api.CorrectEmployment(person.TraineeId, outcome, new { since = "2025-12-20", employerName = "东源县万绿湖酒店", reason = "wrong date" }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        async Task<(int In2025, int In2026, int People)> Figures(string? asOf) => (
            Yuecai(await Api.YearReport("441625", 2025, asOf)).Employed, Yuecai(await Api.YearReport("441625", 2026, asOf)).Employed,
            (await Api.Period("441625", "2025-2026", asOf)).Programmes.Single(p => p.Programme == "yuecai").EmployedPeople);
        (await Figures("2026-06-14")).Should().Be((0, 0, 0), "nothing was recorded yet");
        (await Figures("2026-06-16")).Should().Be((0, 1, 1), "the correction was recorded on the 17th");
        (await Figures("2026-06-17")).Should().Be((1, 0, 1));
        (await Figures(null)).Should().Be((1, 0, 1));
        var months = (await Api.Breakdown("441625", 2025, "yuecai")).ByMonth;
        months[11].Employed.Should().Be(1, "December, the corrected month");

        var history = await Api.Get<List<AuditTrail.Entry>>($"/api/trainees/{person.TraineeId}/employment/{outcome}/history");
        history.Select(e => e.Event).Should().Equal("employment_recorded", "employment_corrected");
        history.Select(e => e.At.ToOffset(TimeSpan.FromHours(8)).Day).Should().Equal(15, 17);
        history[1].By.Role.Should().Be(Roles.Admin);
    }

    [Fact]
    public async Task the_trainee_view_lists_the_outcomes_as_corrected_and_ended()
    {
        var classId = await Api.NewClass();
        var person = await Api.Enroll(classId, People.IdNumber(1));
        var outcome = await Api.RecordEmployment(person.TraineeId, since: "2026-04-01");
        await Api.CorrectEmployment(person.TraineeId, outcome, new { status = "started-business", employerCreditCode = People.CreditCode(4242) });
        await Api.EndEmployment(person.TraineeId, outcome, "2026-06-01", "closed the shop");

        var record = await Api.Get<TraineeRecord>($"/api/trainees/{person.TraineeId}");

        record.Employment.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            OutcomeId = outcome, Programme = "yuecai", Status = "started-business", Since = new DateOnly(2026, 4, 1), ClassId = classId,
            RegionCode = "441625", EmployerName = "东源县客家菜馆", EmployerCreditCode = People.CreditCode(4242),
            EndedOn = new DateOnly(2026, 6, 1), EndReason = "closed the shop", Corrections = 1
        });
    }

    [Theory]
    [InlineData("withdrawn", HttpStatusCode.BadRequest, "programme")]
    [InlineData("cancelled class", HttpStatusCode.BadRequest, "programme")]
    [InlineData("another programme", HttpStatusCode.BadRequest, "programme")]
    [InlineData("another class", HttpStatusCode.BadRequest, "classId")]
    [InlineData("before the class started", HttpStatusCode.BadRequest, "since")]
    [InlineData("in the future", HttpStatusCode.BadRequest, "since")]
    [InlineData("bad credit code", HttpStatusCode.BadRequest, "employerCreditCode")]
    [InlineData("unknown status", HttpStatusCode.BadRequest, "status")]
    [InlineData("unknown trainee", HttpStatusCode.NotFound, "traineeId")]
    [InlineData("already open", HttpStatusCode.Conflict, "programme")]
    public async Task an_outcome_that_breaks_a_rule_is_refused_naming_the_field(string mistake, HttpStatusCode status, string field)
    {
        var classId = await Api.NewClass(startDate: "2026-03-01");
        var person = await Api.Enroll(classId, People.IdNumber(1));
        var other = await Api.NewClass();
        await Api.Enroll(other, People.IdNumber(2), "李四");
        if (mistake == "withdrawn") await Api.Withdraw(classId, person.EnrollmentId);
        if (mistake == "cancelled class") await Api.Cancel(classId);
        if (mistake == "already open") await Api.RecordEmployment(person.TraineeId, since: "2026-04-01");
        var before = await Events.CountAsync(Fixture);

        var response = mistake switch
        {
            "another programme" => await Api.TryRecordEmployment(person.TraineeId, programme: "jiazheng"),
            "another class" => await Api.TryRecordEmployment(person.TraineeId, classId: other),
            "before the class started" => await Api.TryRecordEmployment(person.TraineeId, since: "2026-02-28"),
            "in the future" => await Api.TryRecordEmployment(person.TraineeId, since: "2026-06-16"),
            "bad credit code" => await Api.TryRecordEmployment(person.TraineeId, employerCreditCode: "91441625MA4UT0001X"),
            "unknown status" => await Api.TryRecordEmployment(person.TraineeId, status: "retired"),
            "unknown trainee" => await Api.TryRecordEmployment(Guid.NewGuid()),
            "already open" => await Api.TryRecordEmployment(person.TraineeId, since: "2026-05-01"),
            _ => await Api.TryRecordEmployment(person.TraineeId)
        };

        await response.ShouldBeProblem(status, field);
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public async Task an_outcome_names_the_class_when_the_person_trained_in_several()
    {
        var early = await Api.NewClass(startDate: "2026-01-05");
        var late = await Api.ClassIn("441624", "2026-05-04"); // Heping
        var person = await Api.Enroll(early, People.IdNumber(1));
        await Api.Enroll(late, People.IdNumber(1));

        await Api.RecordEmployment(person.TraineeId, since: "2026-04-01"); // before the later class: the earlier one placed them
        (await Api.YearReport("441625", 2026)).Programmes.Single(p => p.Programme == "yuecai").Employed.Should().Be(1);
        (await Api.YearReport("441624", 2026)).Programmes.Single(p => p.Programme == "yuecai").Employed.Should().Be(0);

        var heping = await Api.As(Fixture.Token(Roles.Bureau, region: "441624"))
            .TryRecordEmployment(person.TraineeId, programme: "yuecai", since: "2026-04-01", classId: late);
        await heping.ShouldBeProblem(HttpStatusCode.BadRequest, "since");
    }

    [Theory]
    [InlineData("end twice", HttpStatusCode.Conflict, "outcomeId")]
    [InlineData("end before it began", HttpStatusCode.BadRequest, "endedOn")]
    [InlineData("end in the future", HttpStatusCode.BadRequest, "endedOn")]
    [InlineData("correct to before the class", HttpStatusCode.BadRequest, "since")]
    [InlineData("correct to after the end", HttpStatusCode.BadRequest, "since")]
    [InlineData("correct with nothing", HttpStatusCode.BadRequest, "body")]
    [InlineData("correct a bad credit code", HttpStatusCode.BadRequest, "employerCreditCode")]
    [InlineData("correct an unknown outcome", HttpStatusCode.NotFound, "outcomeId")]
    [InlineData("correct another person's outcome", HttpStatusCode.NotFound, "outcomeId")]
    [InlineData("end the all-zero outcome", HttpStatusCode.NotFound, "outcomeId")]
    public async Task a_correction_or_end_that_breaks_a_rule_is_refused_naming_the_field(string mistake, HttpStatusCode status, string field)
    {
        var classId = await Api.NewClass(startDate: "2026-03-01");
        var person = await Api.Enroll(classId, People.IdNumber(1));
        var other = await Api.Enroll(classId, People.IdNumber(2), "李四");
        var outcome = await Api.RecordEmployment(person.TraineeId, since: "2026-04-01");
        if (mistake is "end twice" or "correct to after the end") await Api.EndEmployment(person.TraineeId, outcome, "2026-05-01");
        var before = await Events.CountAsync(Fixture);

        var response = mistake switch
        {
            "end twice" => await Api.EndEmployment(person.TraineeId, outcome, "2026-05-02"),
            "end before it began" => await Api.EndEmployment(person.TraineeId, outcome, "2026-03-31"),
            "end in the future" => await Api.EndEmployment(person.TraineeId, outcome, "2026-06-16"),
            "correct to before the class" => await Api.CorrectEmployment(person.TraineeId, outcome, new { since = "2026-02-01" }),
            "correct to after the end" => await Api.CorrectEmployment(person.TraineeId, outcome, new { since = "2026-05-02" }),
            "correct with nothing" => await Api.CorrectEmployment(person.TraineeId, outcome, new { reason = "no reason" }),
            "correct a bad credit code" => await Api.CorrectEmployment(person.TraineeId, outcome, new { employerCreditCode = "123" }),
            "correct an unknown outcome" => await Api.CorrectEmployment(person.TraineeId, Guid.NewGuid(), new { since = "2026-04-02" }),
            "correct another person's outcome" => await Api.CorrectEmployment(other.TraineeId, outcome, new { since = "2026-04-02" }),
            _ => await Api.EndEmployment(person.TraineeId, Guid.Empty)
        };

        await response.ShouldBeProblem(status, field);
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public async Task a_correction_that_changes_nothing_appends_nothing()
    {
        var person = await Api.Enroll(await Api.NewClass(), People.IdNumber(1));
        var outcome = await Api.RecordEmployment(person.TraineeId, since: "2026-04-01");
        var before = await Events.CountAsync(Fixture);

        (await Api.CorrectEmployment(person.TraineeId, outcome, new { since = "2026-04-01" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public async Task racing_outcomes_of_one_person_record_exactly_one()
    {
        var person = await Api.Enroll(await Api.NewClass(), People.IdNumber(1));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.TryRecordEmployment(person.TraineeId)));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(7);
        Yuecai(await Api.YearReport("441625", 2026)).Employed.Should().Be(1);
    }

    [Fact]
    public async Task dongyuans_plan_shows_both_employment_targets_with_people_and_person_times()
    {
        ClockAt(2025, 7, 2);
        var chefs = await Api.ClassIn("441625", "2024-05-06");
        var housekeeping = await Api.ClassIn("441625", "2025-04-01", "jiazheng", "yanglao");
        var cooks = await Api.EnrollMany(chefs, 1, 3);
        var helpers = await Api.EnrollMany(housekeeping, 10, 2);
        var job = await Api.RecordEmployment(cooks[0].TraineeId, since: "2024-08-01");
        await Api.EndEmployment(cooks[0].TraineeId, job, "2024-12-31");
        await Api.RecordEmployment(cooks[0].TraineeId, since: "2025-01-06");
        await Api.RecordEmployment(cooks[1].TraineeId, since: "2024-09-01");
        var placed = await Api.RecordEmployment(helpers[0].TraineeId, "jiazheng", since: "2025-05-01");
        await Api.EndEmployment(helpers[0].TraineeId, placed, "2025-06-01");
        await Api.RecordEmployment(helpers[0].TraineeId, "jiazheng", since: "2025-06-10");

        var plan = await Api.Period("441625", "2021-2025");

        var yuecai = plan.Programmes.Single(p => p.Programme == "yuecai");
        yuecai.Should().BeEquivalentTo(new { Employed = 3, EmployedPeople = 2 });
        yuecai.Years.Select(y => (y.Year, y.Employed, y.EmployedPeople)).Should().Equal(
            (2021, 0, 0), (2022, 0, 0), (2023, 0, 0), (2024, 2, 2), (2025, 1, 1));
        var chefsTarget = yuecai.Targets.Single(t => t.Measure == "employed");
        chefsTarget.Should().BeEquivalentTo(new
        {
            Target = 500, Unit = "people", Figure = 2, PersonTimes = 3, People = 2, PercentOfTarget = 0.4m, FromYear = 2021, ToYear = 2025
        });
        chefsTarget.Source.Should().Contain("东府〔2023〕99号").And.Contain("带动500人以上实现就业创业");

        var jiazheng = plan.Programmes.Single(p => p.Programme == "jiazheng");
        jiazheng.Should().BeEquivalentTo(new { Employed = 2, EmployedPeople = 1 });
        jiazheng.Targets.Single(t => t.Measure == "employed").Should().BeEquivalentTo(new
        {
            Target = 1000, Unit = "person-times", Figure = 2, PersonTimes = 2, People = 1, PercentOfTarget = 0.2m
        });
        plan.All.Should().BeEquivalentTo(new { Employed = 5, EmployedPeople = 3 });

        var targets = await Api.Targets("441625");
        targets.Where(t => t.Measure == "employed").Select(t => (t.Programme, t.Value, t.Unit))
            .Should().BeEquivalentTo([("yuecai", 500, "people"), ("jiazheng", 1000, "person-times")]);
    }

    [Fact]
    public async Task a_bureau_may_hold_an_employment_target_against_people()
    {
        await (await Api.TrySetTarget("441600", "yuecai", "2026", new { value = 300, measure = "employed", unit = "heads" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "unit");
        (await Api.TrySetTarget("441600", "yuecai", "2026", new { value = 300, measure = "employed", unit = "people" }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var person = await Api.Enroll(await Api.NewClass(), People.IdNumber(1));
        await Api.RecordEmployment(person.TraineeId);

        var target = Yuecai(await Api.YearReport("441600", 2026)).Targets!.Single(t => t.Measure == "employed");

        target.Should().BeEquivalentTo(new { Target = 300, Unit = "people", Figure = 1, PersonTimes = 1, People = 1 });
    }
}
