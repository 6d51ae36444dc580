using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Training.Access;
using Training.Tests.Support;

namespace Training.Tests.Access;

public class when_tokens_try_their_luck(TrainingHost fixture) : IntegrationContext(fixture)
{
    static string Sign(IEnumerable<Claim> claims, string key = TrainingHost.SigningKey, string issuer = Authentication.DevIssuer,
        string audience = Authentication.DefaultAudience, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(issuer, audience, claims, notBefore ?? now.AddMinutes(-1), expires ?? now.AddHours(1),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    static Claim[] Admin => [new("sub", "mallory"), new("name", "Mallory"), new("role", Roles.Admin)];

    static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string> BadTokens()
    {
        var now = DateTime.UtcNow;
        var certifier = Sign([new("sub", "c-1"), new("name", "Certifier"), new("role", Roles.Certifier)]);
        var parts = certifier.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"certifier\"", "\"admin\"");
        return new TheoryData<string>
        {
            Sign(Admin, notBefore: now.AddHours(-2), expires: now.AddHours(-1)), // expired
            Sign(Admin, key: "another-key-that-is-also-long-enough!!"), // wrongly signed
            $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url($"{{\"sub\":\"mallory\",\"role\":\"admin\",\"iss\":\"{Authentication.DevIssuer}\",\"aud\":\"{Authentication.DefaultAudience}\",\"exp\":{new DateTimeOffset(now.AddHours(1)).ToUnixTimeSeconds()}}}")}.",
            $"{parts[0]}.{Base64Url(payload)}.{parts[2]}", // a role claim the token was not issued with
            Sign(Admin, issuer: "someone-else"),
            Sign(Admin, audience: "another-api"),
            "not-a-token",
        };
    }

    [Theory, MemberData(nameof(BadTokens))]
    public async Task a_bad_token_is_refused_and_appends_nothing(string token)
    {
        var classId = await Api.NewClass();
        var before = await Events.CountAsync(Fixture);
        var mallory = Api.As(token);

        (await mallory.TryEnroll(classId, People.IdNumber(1))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await mallory.Cancel(classId)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await mallory.Send(HttpMethod.Get, $"/api/classes/{classId}/enrollments")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public async Task a_good_token_of_the_same_shape_is_accepted() =>
        (await Api.As(Sign(Admin)).Send(HttpMethod.Get, "/api/progress/441600/2026")).StatusCode.Should().Be(HttpStatusCode.OK);

    [Fact]
    public async Task an_institution_naming_another_institution_in_the_body_is_refused_and_nothing_is_appended()
    {
        var mine = await Api.RegisterInstitution("441625");
        var theirs = await Api.RegisterInstitution("441621");
        var institution = Api.As(Fixture.Token(Roles.Institution, institution: mine));
        var before = await Events.CountAsync(Fixture);

        var response = await institution.Post("/api/classes", new
        {
            institutionId = theirs, programme = "yuecai", title = "冒名班", startDate = "2026-04-01", endDate = "2026-04-30", capacity = 20
        });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "authorization");
        (await Events.CountAsync(Fixture)).Should().Be(before);
        var classId = await institution.RegisterClass(mine); // its own still works
        (await Api.Class(classId)).InstitutionId.Should().Be(mine);
    }

    [Fact]
    public async Task an_institution_cannot_enroll_into_another_institutions_class_and_nothing_is_appended()
    {
        var theirs = await Api.NewClass();
        var other = Api.As(Fixture.Token(Roles.Institution, institution: await Api.RegisterInstitution()));
        var before = await Events.CountAsync(Fixture);

        await (await other.TryEnroll(theirs, People.IdNumber(1))).ShouldBeProblem(HttpStatusCode.Forbidden, "authorization");
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }
}
