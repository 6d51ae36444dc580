using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Tests.Support;

namespace Training.Tests.Web;

/// <summary>Input the service cannot take as sent is refused with a 400 naming the field, and appends nothing.</summary>
public class when_a_body_cannot_be_taken(TrainingHost fixture) : IntegrationContext(fixture)
{
    Task<long> Events() => Support.Events.CountAsync(Fixture);

    async Task<string> Refused(HttpResponseMessage response, string field)
    {
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, field);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("""{"idNumber":"441625199001010011","name":"张\u0000三"}""", "name")]
    [InlineData("""{"idNumber":"441625199001010011","name":"张三","groups":["graduate\u0000"]}""", "groups[0]")]
    [InlineData("""{"idNumber":"441625199001010011","name":"张三","phone":"\u0000"}""", "phone")]
    public async Task a_nul_character_in_any_text_is_refused_naming_the_field(string body, string field)
    {
        var classId = await Api.NewClass();
        var before = await Events();
        var answer = await Refused(await Api.Send(HttpMethod.Post, $"/api/classes/{classId}/enrollments", body), field);
        answer.Should().Contain("NUL");
        (await Events()).Should().Be(before);
    }

    [Fact]
    public async Task a_nul_character_is_refused_on_every_kind_of_body()
    {
        var institution = await Api.RegisterInstitution();
        await Refused(await Api.Send(HttpMethod.Post, "/api/institutions",
            """{"name":"学校\u0000","creditCode":"91441625MA4UT0001F","kind":"technical-school","regionCode":"441625"}"""), "name");
        await Refused(await Api.Send(HttpMethod.Post, "/api/classes",
            $$"""{"institutionId":"{{institution}}","programme":"yuecai","title":"班\u0000","startDate":"2026-03-02","endDate":"2026-03-20","capacity":30}"""), "title");
        await Refused(await Api.Send(HttpMethod.Put, "/api/targets/441600/yuecai/2026", """{"value":5,"source":"\u0000"}"""), "source");
    }

    [Fact]
    public async Task an_unknown_member_is_refused_naming_it_and_the_fields_there_are()
    {
        var classId = await Api.NewClass();
        var before = await Events();
        var answer = await Refused(await Api.Send(HttpMethod.Post, $"/api/classes/{classId}/enrollments",
            """{"idNumber":"441625199001010011","name":"张三","group":["graduate"]}"""), "group");
        answer.Should().Contain("groups").And.NotContain("Training.").And.NotContain("EnrollTrainee");
        (await Events()).Should().Be(before);
    }

    [Theory]
    [InlineData("""{"capacity":"30"}""", "capacity", "whole number")]
    [InlineData("""{"subsidized":"true"}""", "subsidized", "true or false")]
    [InlineData("""{"title":5}""", "title", "text")]
    [InlineData("""{"startDate":"2026-13-01"}""", "startDate", "yyyy-MM-dd")]
    [InlineData("""{"title": """, "title", "well-formed")]
    [InlineData("[]", "body", "object")]
    public async Task a_value_of_the_wrong_type_is_refused_naming_the_field_and_the_type(string body, string field, string rule)
    {
        var answer = await Refused(await Api.Send(HttpMethod.Post, "/api/classes", body), field);
        answer.Should().Contain(rule).And.NotContain("System.").And.NotContain("Training.");
    }

    [Fact]
    public async Task a_malformed_body_leaves_no_error_in_the_logs()
    {
        Fixture.Logs.Clear();
        await Refused(await Api.Send(HttpMethod.Post, "/api/classes", """{"capacity":"30"}"""), "capacity");
        await Refused(await Api.Send(HttpMethod.Post, "/api/classes", """{"title": """), "title");
        Fixture.Logs.Lines.Should().NotContain(line => line.StartsWith("Error") || line.StartsWith("Critical"));
    }

    [Fact]
    public async Task an_empty_source_or_reason_is_refused_where_text_is_optional()
    {
        await Refused(await Api.Send(HttpMethod.Put, "/api/targets/441600/yuecai/2026", new { value = 5, source = " " }), "source");
        var classId = await Api.NewClass();
        var enrolled = await Api.Enroll(classId, People.IdNumber(1));
        await Refused(await Api.Withdraw(classId, enrolled.EnrollmentId, reason: ""), "reason");
        (await Api.Withdraw(classId, enrolled.EnrollmentId, reason: null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }
}
