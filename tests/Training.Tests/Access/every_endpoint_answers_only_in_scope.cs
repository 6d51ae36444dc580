using System.Net;
using Training.Access;
using Training.Tests.Support;

namespace Training.Tests.Access;

/// <summary>
/// Every endpoint against every kind of caller, inside and outside its scope. The world: institution A in
/// Dongyuan (441625, under Heyuan 441600) with class A, one trainee and one certificate; institution B in
/// Jiangmen (440703, under 440700) with class B.
/// </summary>
public class every_endpoint_answers_only_in_scope(TrainingHost fixture) : IntegrationContext(fixture)
{
    const int Ok = 200, Created = 201, NoContent = 204, Forbidden = 403;

    sealed record World(Guid InstitutionA, Guid InstitutionB, Guid ClassA, Guid ClassB, EnrollmentCreated Enrollment, string Certificate,
        Guid Outcome, EnrollmentCreated Other);

    static readonly string[] Callers = ["institution A", "institution B", "bureau Heyuan", "bureau Jiangmen", "certifier", "admin"];

    /// <summary>Each endpoint, by a name for the table below: its route as the application declares it, and a call of it.</summary>
    static readonly Dictionary<string, (string Route, Func<World, Api, Task<HttpResponseMessage>> Call)> Endpoints = new()
    {
        ["read the programmes"] = ("GET /api/programmes", (_, api) => api.Send(HttpMethod.Get, "/api/programmes")),
        ["say who is signed in"] = ("GET /api/me", (_, api) => api.Send(HttpMethod.Get, "/api/me")),
        ["register an institution in Dongyuan"] = ("POST /api/institutions", (_, api) => api.Post("/api/institutions",
            new { name = "新机构", creditCode = People.CreditCode(Random.Shared.Next(100_000, 9_999_999)), kind = "enterprise", regionCode = "441625" })),
        ["read institution A"] = ("GET /api/institutions/{id}", (w, api) => api.Send(HttpMethod.Get, $"/api/institutions/{w.InstitutionA}")),
        ["register a class for A"] = ("POST /api/classes", (w, api) => api.Post("/api/classes", new
        {
            institutionId = w.InstitutionA, programme = "yuecai", title = "粤菜班", startDate = "2026-04-01", endDate = "2026-04-30", capacity = 20
        })),
        ["read class A"] = ("GET /api/classes/{id}", (w, api) => api.Send(HttpMethod.Get, $"/api/classes/{w.ClassA}")),
        ["read class A's roster"] = ("GET /api/classes/{id}/enrollments", (w, api) => api.Send(HttpMethod.Get, $"/api/classes/{w.ClassA}/enrollments")),
        ["read class A's history"] = ("GET /api/classes/{id}/history", (w, api) => api.Send(HttpMethod.Get, $"/api/classes/{w.ClassA}/history")),
        ["enroll in class A"] = ("POST /api/classes/{id}/enrollments", (w, api) => api.TryEnroll(w.ClassA, People.IdNumber(77), "新学员")),
        ["import class A's roster"] = ("POST /api/classes/{id}/roster", (w, api) => Enrollments.RosterFiles.Upload(api, w.ClassA,
            Enrollments.RosterFiles.Csv("身份证号,姓名", $"{People.IdNumber(79)},新学员"))),
        ["read the roster template"] = ("GET /api/roster-template.xlsx", (_, api) => api.Send(HttpMethod.Get, "/api/roster-template.xlsx")),
        ["withdraw from class A"] = ("POST /api/classes/{id}/enrollments/{enrollmentId}/withdraw",
            (w, api) => api.Withdraw(w.ClassA, w.Enrollment.EnrollmentId)),
        ["complete in class A"] = ("POST /api/classes/{id}/enrollments/{enrollmentId}/complete",
            (w, api) => api.Complete(w.ClassA, w.Enrollment.EnrollmentId)),
        ["cancel class A"] = ("POST /api/classes/{id}/cancel", (w, api) => api.Cancel(w.ClassA)),
        ["set a Dongyuan target"] = ("PUT /api/targets/{regionCode}/{programme}/{period}",
            (_, api) => api.Send(HttpMethod.Put, "/api/targets/441625/jigong/2026", new { personTimes = 100 })),
        ["list Heyuan's targets"] = ("GET /api/targets", (_, api) => api.Send(HttpMethod.Get, "/api/targets?regionCode=441600")),
        ["read Heyuan's progress"] = ("GET /api/progress/{regionCode}/{year}", (_, api) => api.Send(HttpMethod.Get, "/api/progress/441600/2026")),
        ["read Heyuan's progress over a period"] = ("GET /api/progress/{regionCode}/period/{period}",
            (_, api) => api.Send(HttpMethod.Get, "/api/progress/441600/period/2025-2026")),
        ["break Heyuan's progress down"] = ("GET /api/progress/{regionCode}/{year}/{programme}",
            (_, api) => api.Send(HttpMethod.Get, "/api/progress/441600/2026/yuecai")),
        ["award a certificate"] = ("POST /api/certificates", (_, api) => api.TryAward(Api.CertificateNo(), People.IdNumber(78), "新学员")),
        ["read the certificate"] = ("GET /api/certificates/{certificateNo}", (w, api) => api.Send(HttpMethod.Get, $"/api/certificates/{w.Certificate}")),
        ["read the certificate's history"] = ("GET /api/certificates/{certificateNo}/history",
            (w, api) => api.Send(HttpMethod.Get, $"/api/certificates/{w.Certificate}/history")),
        ["revoke the certificate"] = ("POST /api/certificates/{certificateNo}/revoke", (w, api) => api.Revoke(w.Certificate)),
        ["look the trainee up"] = ("GET /api/trainees/{traineeId}", (w, api) => api.Send(HttpMethod.Get, $"/api/trainees/{w.Enrollment.TraineeId}")),
        ["read the trainee's full ID number"] = ("GET /api/trainees/{traineeId}/identity",
            (w, api) => api.Send(HttpMethod.Get, $"/api/trainees/{w.Enrollment.TraineeId}/identity")),
        ["record where another trainee of A found work"] = ("POST /api/trainees/{traineeId}/employment",
            (w, api) => api.TryRecordEmployment(w.Other.TraineeId)),
        ["correct the outcome"] = ("POST /api/trainees/{traineeId}/employment/{outcomeId}/correct",
            (w, api) => api.CorrectEmployment(w.Enrollment.TraineeId, w.Outcome, new { since = "2026-04-02" })),
        ["end the outcome"] = ("POST /api/trainees/{traineeId}/employment/{outcomeId}/end",
            (w, api) => api.EndEmployment(w.Enrollment.TraineeId, w.Outcome)),
        ["read the outcome's history"] = ("GET /api/trainees/{traineeId}/employment/{outcomeId}/history",
            (w, api) => api.Send(HttpMethod.Get, $"/api/trainees/{w.Enrollment.TraineeId}/employment/{w.Outcome}/history")),
    };

    // One row an endpoint; the columns follow Callers: institution A, institution B, bureau Heyuan, bureau Jiangmen, certifier, admin.
    static readonly (string Endpoint, int[] Answers)[] Table =
    [
        ("read the programmes", [Ok, Ok, Ok, Ok, Ok, Ok]),
        ("say who is signed in", [Ok, Ok, Ok, Ok, Ok, Ok]), // each caller about itself
        ("register an institution in Dongyuan", [Forbidden, Forbidden, Created, Forbidden, Forbidden, Created]),
        ("read institution A", [Ok, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("register a class for A", [Created, Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        ("read class A", [Ok, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("read class A's roster", [Ok, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("read class A's history", [Forbidden, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("enroll in class A", [Created, Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        ("import class A's roster", [Ok, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("read the roster template", [Ok, Ok, Ok, Ok, Ok, Ok]),
        ("withdraw from class A", [NoContent, Forbidden, Forbidden, Forbidden, Forbidden, NoContent]),
        ("complete in class A", [NoContent, Forbidden, Forbidden, Forbidden, Forbidden, NoContent]),
        ("cancel class A", [NoContent, Forbidden, Forbidden, Forbidden, Forbidden, NoContent]),
        ("set a Dongyuan target", [Forbidden, Forbidden, NoContent, Forbidden, Forbidden, NoContent]),
        ("list Heyuan's targets", [Ok, Ok, Ok, Ok, Ok, Ok]), // published plan figures
        ("read Heyuan's progress", [Forbidden, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("read Heyuan's progress over a period", [Forbidden, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("break Heyuan's progress down", [Forbidden, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("award a certificate", [Forbidden, Forbidden, Forbidden, Forbidden, Created, Created]),
        ("read the certificate", [Forbidden, Forbidden, Ok, Forbidden, Ok, Ok]),
        ("read the certificate's history", [Forbidden, Forbidden, Ok, Forbidden, Forbidden, Ok]),
        ("revoke the certificate", [Forbidden, Forbidden, Forbidden, Forbidden, NoContent, NoContent]),
        ("look the trainee up", [Forbidden, Forbidden, Forbidden, Forbidden, Ok, Ok]),
        ("read the trainee's full ID number", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]), // no pii scope
        ("record where another trainee of A found work", [Created, Forbidden, Created, Forbidden, Forbidden, Created]),
        ("correct the outcome", [NoContent, Forbidden, NoContent, Forbidden, Forbidden, NoContent]),
        ("end the outcome", [NoContent, Forbidden, NoContent, Forbidden, Forbidden, NoContent]),
        ("read the outcome's history", [Ok, Forbidden, Ok, Forbidden, Forbidden, Ok]),
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var (endpoint, answers) in Table)
            for (var i = 0; i < Callers.Length; i++) cases.Add(endpoint, Callers[i], answers[i]);
        return cases;
    }

    [Fact]
    public void the_table_covers_every_endpoint()
    {
        Endpoints.Values.Select(e => e.Route).Should().BeEquivalentTo(Routes.Api(Host).Select(r => r.ToString()),
            "every /api route the application serves has a call above");
        Table.Select(r => r.Endpoint).Should().BeEquivalentTo(Endpoints.Keys, "and a row below");
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task each_caller_gets_its_answer(string endpoint, string caller, int expected)
    {
        var world = await Build();
        var response = await Endpoints[endpoint].Call(world, Api.As(TokenOf(caller, world)));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(expected, body);
        if (expected == Forbidden) response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("bureau Heyuan", "pii", 200)]
    [InlineData("bureau Jiangmen", "pii", 403)]
    [InlineData("admin", "pii", 200)]
    [InlineData("certifier", "pii", 403)]
    [InlineData("institution A", "pii", 403)]
    public async Task the_full_id_number_answers_only_to_the_pii_scope_in_region(string caller, string scope, int expected)
    {
        var world = await Build();
        var response = await Api.As(TokenOf(caller, world, scope)).Send(HttpMethod.Get, $"/api/trainees/{world.Enrollment.TraineeId}/identity");
        ((int)response.StatusCode).Should().Be(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/institutions/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/classes/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/progress/441600/2026")]
    [InlineData("/api/trainees/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/certificates/S1")]
    public async Task nothing_under_api_answers_without_a_token(string url)
    {
        var response = await Api.As(null).Send(HttpMethod.Get, url);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task the_programme_catalogue_and_health_need_no_token()
    {
        (await Api.As(null).Send(HttpMethod.Get, "/api/programmes")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Api.As(null).Send(HttpMethod.Get, "/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    async Task<World> Build()
    {
        var a = await Api.RegisterInstitution("441625");
        var b = await Api.RegisterInstitution("440703");
        var classA = await Api.RegisterClass(a);
        var classB = await Api.RegisterClass(b);
        var enrollment = await Api.Enroll(classA, People.IdNumber(1));
        var certificate = await Api.Award(People.IdNumber(1), classId: classA, regionCode: null);
        var outcome = await Api.RecordEmployment(enrollment.TraineeId);
        var other = await Api.Enroll(classA, People.IdNumber(2), "李四");
        return new World(a, b, classA, classB, enrollment, certificate, outcome, other);
    }

    string TokenOf(string caller, World world, string? scope = null) => caller switch
    {
        "institution A" => Fixture.Token(Roles.Institution, institution: world.InstitutionA, scope: scope),
        "institution B" => Fixture.Token(Roles.Institution, institution: world.InstitutionB, scope: scope),
        "bureau Heyuan" => Fixture.Token(Roles.Bureau, region: "441600", scope: scope),
        "bureau Jiangmen" => Fixture.Token(Roles.Bureau, region: "440700", scope: scope),
        "certifier" => Fixture.Token(Roles.Certifier, scope: scope),
        _ => Fixture.Token(Roles.Admin, scope: scope)
    };
}
