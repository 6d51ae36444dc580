using System.Net;
using Training.Catalogue;
using Training.Institutions;
using Training.Decisions.Tests.Support;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Institutions;

public class when_registering_an_institution
{
    static readonly ProgrammeCatalogue Catalogue = ProgrammeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue"));

    [Fact]
    public void a_valid_request_passes_validation() =>
        RegisterInstitutionEndpoint.Check(new("东源县职业技术学校", People.CreditCode(1), "technical-school", "441625"), Catalogue)
            .IsValid.Should().BeTrue();

    [Fact]
    public void a_second_registration_of_a_credit_code_is_refused_as_a_conflict()
    {
        var existing = new Institution(Guid.NewGuid(), "A", "91350100M000100Y43", "enterprise", "441600", new DateOnly(2026, 1, 1));
        var decision = RegisterInstitutionEndpoint.Decide(new("B", "91350100M000100Y43", "enterprise", "441600"), existing, existing.Id,
            new DateOnly(2026, 6, 1));
        decision.ShouldRefuse(409, "creditCode");
        decision.Events.Should().BeEmpty();
    }
}
