using System.Net;
using Training.Tests.Support;

namespace Training.Tests.Web;

/// <summary>A client's mistake in the body or the path of any command is a 400 or 404 naming it, never a 500, and appends nothing.</summary>
public class when_a_command_gets_an_unusable_body_or_id(TrainingHost fixture) : IntegrationContext(fixture)
{
    sealed record World(Guid ClassId, Guid EnrollmentId, string Certificate, Guid TraineeId, Guid OutcomeId);

    /// <summary>Every command endpoint, by its route, with its path in the world.</summary>
    static readonly Dictionary<string, Func<World, string>> Commands = new()
    {
        ["POST /api/institutions"] = _ => "/api/institutions",
        ["POST /api/classes"] = _ => "/api/classes",
        ["POST /api/classes/{id}/cancel"] = w => $"/api/classes/{w.ClassId}/cancel",
        ["POST /api/classes/{id}/enrollments"] = w => $"/api/classes/{w.ClassId}/enrollments",
        ["POST /api/classes/{id}/enrollments/{enrollmentId}/withdraw"] = w => $"/api/classes/{w.ClassId}/enrollments/{w.EnrollmentId}/withdraw",
        ["POST /api/classes/{id}/enrollments/{enrollmentId}/complete"] = w => $"/api/classes/{w.ClassId}/enrollments/{w.EnrollmentId}/complete",
        ["POST /api/classes/{id}/roster"] = w => $"/api/classes/{w.ClassId}/roster",
        ["POST /api/certificates"] = _ => "/api/certificates",
        ["POST /api/certificates/{certificateNo}/revoke"] = w => $"/api/certificates/{w.Certificate}/revoke",
        ["PUT /api/targets/{regionCode}/{programme}/{period}"] = _ => "/api/targets/441625/yuecai/2026",
        ["POST /api/trainees/{traineeId}/employment"] = w => $"/api/trainees/{w.TraineeId}/employment",
        ["POST /api/trainees/{traineeId}/employment/{outcomeId}/correct"] = w => $"/api/trainees/{w.TraineeId}/employment/{w.OutcomeId}/correct",
        ["POST /api/trainees/{traineeId}/employment/{outcomeId}/end"] = w => $"/api/trainees/{w.TraineeId}/employment/{w.OutcomeId}/end",
    };

    public static TheoryData<string, string> Bodies()
    {
        var cases = new TheoryData<string, string>();
        foreach (var command in Commands.Keys)
        foreach (var body in new[] { "null", "[]", "\"a text\"", "42" })
            cases.Add(command, body);
        return cases;
    }

    [Theory, MemberData(nameof(Bodies))]
    public async Task a_body_that_is_no_json_object_is_refused_naming_the_body(string command, string body)
    {
        var world = await Build();
        var before = await Events.CountAsync(Fixture);
        var method = new HttpMethod(command.Split(' ')[0]);

        // The roster upload's body is a file, not JSON: such a body is a file without its columns.
        var field = command.EndsWith("/roster") ? "file" : "body";
        await (await Api.Send(method, Commands[command](world), body)).ShouldBeProblem(HttpStatusCode.BadRequest, field);
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public void every_command_endpoint_is_tried() =>
        Commands.Keys.Should().BeEquivalentTo(Routes.Api(Host).Where(r => r.Method != "GET").Select(r => r.ToString()),
            "a new command endpoint belongs in the list above");

    [Theory]
    [InlineData("cancel", "id")]
    [InlineData("enroll", "id")]
    [InlineData("import a roster", "id")]
    [InlineData("withdraw", "id")]
    [InlineData("complete", "id")]
    [InlineData("withdraw an empty enrollment id", "enrollmentId")]
    [InlineData("complete an empty enrollment id", "enrollmentId")]
    public async Task the_empty_id_is_unknown_like_any_other(string command, string field)
    {
        var world = await Build();
        var before = await Events.CountAsync(Fixture);
        var none = Guid.Empty;

        var response = command switch
        {
            "cancel" => await Api.Cancel(none),
            "enroll" => await Api.TryEnroll(none, People.IdNumber(2)),
            "import a roster" => await Enrollments.RosterFiles.Upload(Api, none, Enrollments.RosterFiles.Csv("身份证号,姓名", $"{People.IdNumber(2)},李四")),
            "withdraw" => await Api.Withdraw(none, world.EnrollmentId),
            "complete" => await Api.Complete(none, world.EnrollmentId),
            "withdraw an empty enrollment id" => await Api.Withdraw(world.ClassId, none),
            _ => await Api.Complete(world.ClassId, none)
        };

        await response.ShouldBeProblem(HttpStatusCode.NotFound, field);
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    async Task<World> Build()
    {
        var classId = await Api.NewClass();
        var enrollment = await Api.Enroll(classId, People.IdNumber(1));
        var certificate = await Api.Award(People.IdNumber(1));
        return new World(classId, enrollment.EnrollmentId, certificate, enrollment.TraineeId, await Api.RecordEmployment(enrollment.TraineeId));
    }
}
