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
        var before = await Events.CountAsync(Fixture);

        await (await Api.TryEnroll(classId, People.IdNumber(2))).ShouldBeProblem(HttpStatusCode.Conflict, "id");
        await (await Api.TryEnroll(classId, People.IdNumber(1))).ShouldBeProblem(HttpStatusCode.Conflict, "idNumber");
        await (await Api.TryEnroll(classId, People.BadIdNumber(3))).ShouldBeProblem(HttpStatusCode.BadRequest, "idNumber");
        await (await Api.Post($"/api/classes/{classId}/enrollments", "{\"idNumber\": ")).ShouldBeProblem(HttpStatusCode.BadRequest, "idNumber");

        (await Events.CountAsync(Fixture)).Should().Be(before);
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

    [Fact]
    public async Task one_id_number_under_two_names_racing_into_two_classes_keeps_one_name()
    {
        for (var round = 0; round < 15; round++)
        {
            var idNumber = People.IdNumber(100 + round);
            var (first, second) = (await Api.NewClass(), await Api.NewClass(programme: "jiazheng"));
            var answers = await Task.WhenAll(Api.TryEnroll(first, idNumber, "张三"), Api.TryEnroll(second, idNumber, "张叁"));

            answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict], $"round {round}");
            await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBeProblem(HttpStatusCode.Conflict, "name");
            var winner = await Api.Expect<EnrollmentCreated>(answers.Single(a => a.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
            (await Events.TypesInStreamAsync(Fixture, winner.TraineeId)).Should().Equal(["person_identified"], $"round {round}");
            (await Api.Roster(first)).Count.Should().Be(answers[0].StatusCode == HttpStatusCode.Created ? 1 : 0);
            (await Api.Roster(second)).Count.Should().Be(answers[1].StatusCode == HttpStatusCode.Created ? 1 : 0);
        }
    }

    [Fact]
    public async Task one_new_person_racing_into_ten_classes_is_enrolled_in_all_ten()
    {
        for (var round = 0; round < 5; round++)
        {
            var idNumber = People.IdNumber(200 + round);
            var classes = new List<Guid>();
            for (var i = 0; i < 10; i++) classes.Add(await Api.NewClass());
            var answers = await Task.WhenAll(classes.Select(c => Api.TryEnroll(c, idNumber, "李四")));

            foreach (var answer in answers)
                answer.StatusCode.Should().Be(HttpStatusCode.Created, $"round {round}: {await answer.Content.ReadAsStringAsync()}");
            var traineeId = (await Api.Expect<EnrollmentCreated>(answers[0], HttpStatusCode.Created)).TraineeId;
            (await Events.TypesInStreamAsync(Fixture, traineeId)).Should().Equal(["person_identified"], $"round {round}");
            foreach (var c in classes) (await Api.Roster(c)).Should().ContainSingle(e => e.TraineeId == traineeId);
        }
    }
}
