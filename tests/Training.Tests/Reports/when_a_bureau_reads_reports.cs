using System.Net;
using Training.Access;
using Training.Tests.Support;

namespace Training.Tests.Reports;

/// <summary>The reports are the bureau's: its own region and those below it, not its neighbours'.</summary>
public class when_a_bureau_reads_reports(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("/api/progress/441625/period/2021-2025")]
    [InlineData("/api/progress/441600/2026/yuecai")]
    [InlineData("/api/progress/441600/2026?format=csv")]
    public async Task heyuans_bureau_reads_heyuan_and_dongyuan_and_jiangmens_does_not(string url)
    {
        var heyuan = Api.As(Fixture.Token(Roles.Bureau, region: "441600"));
        var jiangmen = Api.As(Fixture.Token(Roles.Bureau, region: "440700"));

        (await heyuan.Send(HttpMethod.Get, url)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await jiangmen.Send(HttpMethod.Get, url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Api.As(null).Send(HttpMethod.Get, url)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task anyone_signed_in_may_list_the_targets_the_plans_publish() =>
        (await Api.As(Fixture.Token(Roles.Bureau, region: "440700")).Send(HttpMethod.Get, "/api/targets?regionCode=441625"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
}
