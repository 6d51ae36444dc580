using System.Net;
using System.Net.Http.Json;
using Training.Access;
using Training.Tests.Support;
using Training.Web;

namespace Training.Tests.Web;

public class when_retrying_with_an_idempotency_key(TrainingHost fixture) : IntegrationContext(fixture)
{
    static Task<HttpResponseMessage> Post(Api api, string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Api.Json) };
        if (key is not null) request.Headers.Add(Idempotency.Header, key);
        return api.Client().SendAsync(request);
    }

    static async Task<(HttpStatusCode Status, string Body, Uri? Location)> Answer(HttpResponseMessage response) =>
        (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);

    [Fact]
    public async Task the_same_key_and_body_answers_the_first_answer_and_appends_nothing_more()
    {
        var classId = await Api.NewClass();
        var url = $"/api/classes/{classId}/enrollments";
        var body = new { idNumber = People.IdNumber(1), name = "张三" };

        var first = await Answer(await Post(Api, url, body, "enroll-1"));
        first.Status.Should().Be(HttpStatusCode.Created, first.Body);
        var events = await Events.CountAsync(Fixture);

        var again = await Answer(await Post(Api, url, body, "enroll-1"));
        again.Should().Be(first);
        (await Events.CountAsync(Fixture)).Should().Be(events);
        (await Api.Roster(classId)).Should().HaveCount(1);
    }

    [Fact]
    public async Task without_a_key_a_repeated_enrollment_names_the_existing_one()
    {
        var classId = await Api.NewClass();
        var first = await Api.Enroll(classId, People.IdNumber(1));
        var repeat = await Api.TryEnroll(classId, People.IdNumber(1));
        await repeat.ShouldBeProblem(HttpStatusCode.Conflict, "idNumber");
        (await repeat.Content.ReadAsStringAsync()).Should().Contain(first.EnrollmentId.ToString());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422_naming_the_header()
    {
        var classId = await Api.NewClass();
        var url = $"/api/classes/{classId}/enrollments";
        (await Post(Api, url, new { idNumber = People.IdNumber(1), name = "张三" }, "k")).StatusCode.Should().Be(HttpStatusCode.Created);
        var events = await Events.CountAsync(Fixture);

        await (await Post(Api, url, new { idNumber = People.IdNumber(2), name = "李四" }, "k"))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, Idempotency.Header);
        (await Events.CountAsync(Fixture)).Should().Be(events);
    }

    [Fact]
    public async Task a_key_belongs_to_its_caller_and_its_route()
    {
        var body = new { reason = "too few applicants" };
        var (a, b) = (await Api.NewClass(), await Api.NewClass());
        (await Post(Api, $"/api/classes/{a}/cancel", body, "same")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Post(Api, $"/api/classes/{b}/cancel", body, "same")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Api.Class(b)).Status.Should().Be("cancelled");
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("semi;colon")]
    public async Task a_key_that_is_not_a_plain_token_is_400(string key)
    {
        var classId = await Api.NewClass();
        var events = await Events.CountAsync(Fixture);
        await (await Post(Api, $"/api/classes/{classId}/enrollments", new { idNumber = People.IdNumber(1), name = "张三" }, key))
            .ShouldBeProblem(HttpStatusCode.BadRequest, Idempotency.Header);
        (await Events.CountAsync(Fixture)).Should().Be(events);
    }

    [Fact]
    public async Task a_key_longer_than_255_characters_is_400()
    {
        await (await Post(Api, "/api/institutions", new { }, new string('k', 256)))
            .ShouldBeProblem(HttpStatusCode.BadRequest, Idempotency.Header);
    }

    [Fact]
    public async Task a_refusal_is_not_kept_so_a_retry_is_decided_again()
    {
        var classId = await Api.NewClass(capacity: 1);
        var taken = await Api.Enroll(classId, People.IdNumber(1));
        var url = $"/api/classes/{classId}/enrollments";
        var body = new { idNumber = People.IdNumber(2), name = "李四" };
        await (await Post(Api, url, body, "seat")).ShouldBeProblem(HttpStatusCode.Conflict, "id");

        (await Api.Withdraw(classId, taken.EnrollmentId)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Post(Api, url, body, "seat")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task concurrent_requests_with_one_key_append_once_and_answer_alike()
    {
        var classId = await Api.NewClass();
        var url = $"/api/classes/{classId}/enrollments";
        var body = new { idNumber = People.IdNumber(1), name = "张三" };
        var events = await Events.CountAsync(Fixture);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => await Answer(await Post(Api, url, body, "race"))));

        answers.Should().AllSatisfy(a => a.Should().Be(answers[0]));
        answers[0].Status.Should().Be(HttpStatusCode.Created, answers[0].Body);
        (await Events.CountAsync(Fixture)).Should().Be(events + 2, "one enrollment and the person's first identity");
        (await Api.Roster(classId)).Should().HaveCount(1);
    }

    [Fact]
    public async Task another_host_on_the_same_database_replays_the_answer()
    {
        var url = "/api/institutions";
        var body = new { name = "河源市技师学院", creditCode = People.CreditCode(9001), kind = "technical-school", regionCode = "441625" };
        var first = await Answer(await Post(Api, url, body, "institution-1"));
        first.Status.Should().Be(HttpStatusCode.Created, first.Body);
        var events = await Events.CountAsync(Fixture);

        var other = new TrainingHost();
        try
        {
            await other.InitializeAsync();
            var again = await Answer(await Post(new Api(other.Host, other.Token(Roles.Admin)), url, body, "institution-1"));
            again.Should().Be(first);
        }
        finally { await other.DisposeAsync(); }
        (await Events.CountAsync(Fixture)).Should().Be(events);
    }
}
