using System.Net;
using Training.Catalogue;
using Training.Institutions;
using Training.Tests.Support;

namespace Training.Tests.Institutions;

public class when_registering_an_institution(TrainingHost fixture) : IntegrationContext(fixture)
{
    public sealed record InstitutionView(Guid Id, string Name, string CreditCode, string Kind, string RegionCode);

    [Fact]
    public async Task it_is_created_and_can_be_read_back()
    {
        var response = await Api.Post("/api/institutions", new
        {
            name = "东源县职业技术学校", creditCode = "91350100m000100y43", kind = "training-base", regionCode = "441625"
        });
        var created = await Api.Expect<Created>(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/institutions/{created.Id}");

        var institution = await Api.Get<InstitutionView>($"/api/institutions/{created.Id}");
        institution.Should().BeEquivalentTo(new InstitutionView(created.Id, "东源县职业技术学校", "91350100M000100Y43", "training-base", "441625"));
    }

    [Fact]
    public async Task a_credit_code_registered_twice_is_a_conflict()
    {
        var first = await Api.RegisterInstitution(creditCode: People.CreditCode(5));
        var again = await Api.Post("/api/institutions", new { name = "Other", creditCode = People.CreditCode(5), kind = "enterprise", regionCode = "441600" });
        await again.ShouldBeProblem(HttpStatusCode.Conflict, "creditCode");
        // The id, as the 201 gives it: a script that reads "id" carries on either way (README walkthrough).
        (await Api.Expect<Created>(again, HttpStatusCode.Conflict)).Id.Should().Be(first);
    }

    [Fact]
    public async Task racing_registrations_of_one_credit_code_create_exactly_one()
    {
        Fixture.Logs.Clear();
        var body = new { name = "Racer", creditCode = People.CreditCode(9), kind = "enterprise", regionCode = "441600" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Api.Post("/api/institutions", body)));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(11);
        // Whether refused by the check or by the stream key at commit, each 409 names the institution that exists.
        var created = await Api.Expect<Created>(answers.Single(a => a.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            (await Api.Expect<Created>(conflict, HttpStatusCode.Conflict)).Id.Should().Be(created.Id);
        Fixture.Logs.Lines.Should().NotContain(line => line.StartsWith("Error"), "a race the service answers with 409 is expected, not an error");
    }

    [Theory]
    [InlineData("", "91350100M000100Y43", "enterprise", "441600", "name")]
    [InlineData("A", "91350100M000100Y44", "enterprise", "441600", "creditCode")]
    [InlineData("A", "91350100M000100Y43", "school", "441600", "kind")]
    [InlineData("A", "91350100M000100Y43", "enterprise", "449999", "regionCode")]
    [InlineData("A", "91350100M000100Y43", "enterprise", null, "regionCode")]
    public async Task invalid_input_is_refused_naming_the_field(string name, string creditCode, string kind, string? regionCode, string field)
    {
        var response = await Api.Post("/api/institutions", new { name, creditCode, kind, regionCode });
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task an_over_long_name_is_refused() =>
        await (await Api.Post("/api/institutions", new { name = new string('校', 201), creditCode = People.CreditCode(3), kind = "enterprise", regionCode = "441600" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "name");

    [Fact]
    public async Task an_unknown_institution_is_not_found() =>
        await (await Api.Send(HttpMethod.Get, $"/api/institutions/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "id");
}
