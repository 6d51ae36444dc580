using System.Net;
using Training.Classes;
using Training.Institutions;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Classes;

public class when_registering_a_class
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
}
