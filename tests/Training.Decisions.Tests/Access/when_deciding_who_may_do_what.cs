using System.Security.Claims;
using Training.Access;
using Training.Catalogue;
using Training.Trainees;

namespace Training.Decisions.Tests.Access;

public class when_deciding_who_may_do_what
{
    static readonly Guid InstitutionA = Guid.NewGuid();
    static readonly Region Dongyuan = new("441625", "东源县"), Heyuan = new("441600", "河源市"), Jiangmen = new("440700", "江门市");

    static Caller Caller(string role, Guid? institution = null, string? region = null, params string[] scopes) =>
        new("sub", "name", role, institution, region, scopes.ToHashSet());

    [Fact]
    public void a_bureau_oversees_its_region_and_every_region_below_it()
    {
        var heyuan = Caller(Roles.Bureau, region: "441600");
        heyuan.Oversees(Dongyuan).Should().BeTrue();
        heyuan.Oversees(Heyuan).Should().BeTrue();
        heyuan.Oversees(Jiangmen).Should().BeFalse();
        heyuan.Oversees(new Region("440000", "广东省")).Should().BeFalse("a city does not oversee its province");
        Caller(Roles.Bureau, region: "441625").Oversees(Heyuan).Should().BeFalse();
        Caller(Roles.Bureau, region: "440000").Oversees(Dongyuan).Should().BeTrue();
    }

    [Fact]
    public void an_institution_runs_only_its_own_classes_and_oversees_no_region()
    {
        var a = Caller(Roles.Institution, InstitutionA);
        a.RunsInstitution(InstitutionA).Should().BeTrue();
        a.RunsInstitution(Guid.NewGuid()).Should().BeFalse();
        a.Oversees(Dongyuan).Should().BeFalse();
        Caller(Roles.Bureau, region: "441600").RunsInstitution(InstitutionA).Should().BeFalse();
        Caller(Roles.Institution).RunsInstitution(InstitutionA).Should().BeFalse("a token without an institution runs none");
    }

    [Fact]
    public void only_certifiers_and_admins_certify() =>
        Roles.All.Where(r => Caller(r).Certifies).Should().BeEquivalentTo(Roles.Certifier, Roles.Admin);

    [Fact]
    public void a_full_id_number_needs_the_pii_scope_and_a_region_of_record()
    {
        RevealIdentityEndpoint.MayReveal(Caller(Roles.Admin), [Dongyuan]).Should().BeFalse();
        RevealIdentityEndpoint.MayReveal(Caller(Roles.Admin, scopes: "pii"), []).Should().BeTrue();
        RevealIdentityEndpoint.MayReveal(Caller(Roles.Bureau, region: "441600", scopes: "pii"), [Dongyuan]).Should().BeTrue();
        RevealIdentityEndpoint.MayReveal(Caller(Roles.Bureau, region: "440700", scopes: "pii"), [Dongyuan]).Should().BeFalse();
        RevealIdentityEndpoint.MayReveal(Caller(Roles.Certifier, scopes: "pii"), [Dongyuan]).Should().BeFalse();
    }

    [Fact]
    public void the_caller_is_read_from_the_tokens_own_claim_names()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([
            new Claim("sub", "u-1"), new Claim("name", "王科长"), new Claim("role", "bureau"), new Claim("region", "441600"),
            new Claim("scope", "openid pii")
        ], "Bearer"));
        Training.Access.Caller.From(user).Should().BeEquivalentTo(new
        {
            Subject = "u-1", Name = "王科长", Role = "bureau", InstitutionId = (Guid?)null, RegionCode = "441600"
        });
        Training.Access.Caller.From(user).MayReadPersonalData.Should().BeTrue();
    }
}
