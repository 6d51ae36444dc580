using System.Net;
using Training.Classes;
using Training.Institutions;
using Training.Tests.Support;

namespace Training.Tests.Classes;

public class when_registering_a_class(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task it_is_created_open_and_empty_with_the_defaults_filled_in()
    {
        var institution = await Api.RegisterInstitution("441621");
        var response = await Api.Post("/api/classes", new
        {
            institutionId = institution, programme = "jiazheng", track = "muying", title = "母婴护理培训班",
            startDate = "2026-04-01", endDate = "2026-04-30", capacity = 25
        });
        var created = await Api.Expect<Created>(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/classes/{created.Id}");

        (await Api.Class(created.Id)).Should().BeEquivalentTo(new ClassView(created.Id, institution, "jiazheng", "muying", "母婴护理培训班",
            "441621", new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), 25, 0, "open", 1, "offline", false));
    }

    [Fact]
    public async Task a_class_of_an_unknown_institution_is_not_found()
    {
        var response = await Api.Post("/api/classes", new
        {
            institutionId = Guid.NewGuid(), programme = "yuecai", title = "粤菜班", startDate = "2026-04-01", endDate = "2026-04-30", capacity = 25
        });
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "institutionId");
    }

    [Fact]
    public async Task an_end_date_before_the_start_is_refused_over_http()
    {
        var response = await Api.Post("/api/classes", new
        {
            institutionId = await Api.RegisterInstitution(), programme = "yuecai", title = "粤菜班",
            startDate = "2026-04-01", endDate = "2026-03-30", capacity = 25
        });
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "endDate");
    }

    [Fact]
    public async Task an_unknown_class_is_not_found()
    {
        await (await Api.Send(HttpMethod.Get, $"/api/classes/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "id");
        await (await Api.Send(HttpMethod.Get, $"/api/classes/{Guid.NewGuid()}/enrollments")).ShouldBeProblem(HttpStatusCode.NotFound, "id");
        await (await Api.Cancel(Guid.NewGuid())).ShouldBeProblem(HttpStatusCode.NotFound, "id");
        await (await Api.TryEnroll(Guid.NewGuid(), People.IdNumber(1))).ShouldBeProblem(HttpStatusCode.NotFound, "id");
    }
}
