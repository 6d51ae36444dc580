using System.Net;
using Training.Tests.Support;

namespace Training.Tests.Web;

public class when_requests_race(TrainingHost fixture) : IntegrationContext(fixture)
{
    /// <summary>
    /// A person's first enrollments in several classes at once each start the person's stream: one wins, the others
    /// collide on the stream key. Found by ops/chaos as 500s; each is a 409 saying to retry, and the retry succeeds.
    /// </summary>
    [Fact]
    public async Task one_new_person_enrolled_into_many_classes_at_once_is_never_a_500_and_retries_succeed()
    {
        var classes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.NewClass()));
        var person = People.IdNumber(7);
        var answers = await Task.WhenAll(classes.Select(c => Api.TryEnroll(c, person)));

        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await answer.ShouldBeProblem(HttpStatusCode.Conflict, "idNumber");
            (await answer.Content.ReadAsStringAsync()).Should().Contain("retry");
        }
        foreach (var (classId, _) in classes.Zip(answers).Where(x => x.Second.StatusCode != HttpStatusCode.Created))
            await Api.Enroll(classId, person);
        foreach (var classId in classes) (await Api.Roster(classId)).Should().ContainSingle();
    }
}
