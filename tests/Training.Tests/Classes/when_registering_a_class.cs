using System.Net;
using Training.Classes;
using Training.Institutions;
using Training.Tests.Support;

namespace Training.Tests.Classes;

public class when_registering_a_class(TrainingHost fixture) : IntegrationContext(fixture)
{
    static RegisterClassRequest Valid() => new(Guid.NewGuid(), "jiazheng", "yanglao", "养老护理员培训班", null,
        new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 21), 30, "blended", true);

    [Fact]
    public void a_valid_request_passes_validation() =>
        RegisterClassEndpoint.Check(Valid(), Given.Catalogue).IsValid.Should().BeTrue();

    public static TheoryData<RegisterClassRequest, string> InvalidRequests => new()
    {
        { Valid() with { InstitutionId = null }, "institutionId" },
        { Valid() with { Programme = "cooking" }, "programme" },
        { Valid() with { Programme = null }, "programme" },
        { Valid() with { Track = "gardening" }, "track" },
        { Valid() with { Title = "  " }, "title" },
        { Valid() with { Title = new string('班', 201) }, "title" },
        { Valid() with { RegionCode = "123456" }, "regionCode" },
        { Valid() with { StartDate = null }, "startDate" },
        { Valid() with { EndDate = new DateOnly(2026, 2, 28) }, "endDate" },
        { Valid() with { Capacity = 0 }, "capacity" },
        { Valid() with { Capacity = null }, "capacity" },
        { Valid() with { Mode = "by-post" }, "mode" },
    };

    [Theory, MemberData(nameof(InvalidRequests))]
    public void each_rule_names_its_field(RegisterClassRequest request, string field) =>
        RegisterClassEndpoint.Check(request, Given.Catalogue).Errors.Keys.Should().Equal(field);

    [Fact]
    public void the_region_defaults_to_the_institutions()
    {
        var institution = new Institution(Guid.NewGuid(), "A", "91350100M000100Y43", "enterprise", "441622", Given.Today);
        var decision = RegisterClassEndpoint.Decide(RegisterClassEndpoint.Check(Valid(), Given.Catalogue).Command! with { InstitutionId = institution.Id }, institution, Guid.NewGuid(), Given.Today);
        decision.Events.Should().ContainSingle().Which.Should().BeOfType<ClassRegistered>().Which.RegionCode.Should().Be("441622");
    }

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
