using Training.Access;
using Training.Catalogue;
using Training.Dashboard;

namespace Training.Dashboard.Tests;

/// <summary>The regions GET /api/me offers follow the same rule as every progress read (<see cref="Caller.Oversees"/>).</summary>
public class when_listing_the_regions_a_caller_may_read
{
    static readonly ProgrammeCatalogue Catalogue = ProgrammeCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue"));
    static Caller As(string role, string? region = null) => new("s", "n", role, null, region, new HashSet<string>());

    [Fact]
    public void a_city_bureau_gets_its_city_then_its_counties()
    {
        var regions = SignedInEndpoint.Readable(As(Roles.Bureau, "441600"), Catalogue);

        regions[0].Should().Be(new ReadableRegion("441600", "河源市", "city", null));
        regions.Skip(1).Should().NotBeEmpty().And.OnlyContain(r => r.Level == "county" && r.ParentCode == "441600");
        regions.Select(r => r.Code).Should().Contain("441625").And.NotContain(["440000", "440700", "440703"]);
    }

    [Fact]
    public void a_county_bureau_gets_its_county_alone() =>
        SignedInEndpoint.Readable(As(Roles.Bureau, "441625"), Catalogue).Should().Equal(new ReadableRegion("441625", "东源县", "county", null));

    [Fact]
    public void an_admin_gets_every_region_under_the_province()
    {
        var regions = SignedInEndpoint.Readable(As(Roles.Admin), Catalogue);
        regions[0].Code.Should().Be("440000");
        regions.Should().HaveCount(Catalogue.Regions.Count()).And.BeInAscendingOrder(r => r.Code, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Institution)]
    [InlineData(Roles.Certifier)]
    public void an_institution_or_a_certifier_gets_none(string role) => SignedInEndpoint.Readable(As(role), Catalogue).Should().BeEmpty();
}
