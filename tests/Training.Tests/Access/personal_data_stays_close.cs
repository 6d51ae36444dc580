using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Training.Tests.Support;

namespace Training.Tests.Access;

public class personal_data_stays_close(TrainingHost fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task no_answer_log_line_problem_body_or_read_model_holds_a_full_id_number()
    {
        Fixture.Logs.Clear();
        string[] numbers = [People.IdNumber(1), People.IdNumber(2), People.IdNumber(3)];
        var answers = new List<HttpResponseMessage>();
        var classId = await Api.NewClass(capacity: 2);

        answers.Add(await Api.TryEnroll(classId, numbers[0], "张三", new { idNumber = numbers[0], name = "张三", phone = "13800138000" }));
        answers.Add(await Api.TryEnroll(classId, numbers[1], "李四"));
        answers.Add(await Api.TryEnroll(classId, numbers[2], "王五")); // full
        answers.Add(await Api.TryEnroll(classId, numbers[0], "张三")); // already enrolled
        answers.Add(await Api.TryEnroll(await Api.NewClass(), numbers[0], "张叁")); // another name
        answers.Add(await Api.Post($"/api/classes/{classId}/enrollments", $"{{\"idNumber\": \"{numbers[2]}\", \"name\": 5}}")); // malformed
        answers.Add(await Api.Post($"/api/classes/{classId}/enrollments", $"{{\"idNumber\": {numbers[2][..17]}, \"name\": \"王五\"}}"));
        answers.Add(await Api.TryAward(Api.CertificateNo(), numbers[1], "李四", classId: classId, regionCode: null));
        answers.Add(await Api.TryAward("bad", numbers[2], "王五"));
        answers.Add(await Api.Send(HttpMethod.Get, $"/api/classes/{classId}/enrollments"));
        answers.Add(await Api.Send(HttpMethod.Get, $"/api/classes/{classId}/history"));
        answers.Add(await Api.Send(HttpMethod.Get, "/api/progress/441600/2026"));
        var traineeId = (await Api.Roster(classId))[0].TraineeId;
        answers.Add(await Api.Send(HttpMethod.Get, $"/api/trainees/{traineeId}"));

        answers.Select(a => (int)a.StatusCode).Should().Contain([201, 409, 400, 200]);
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            numbers.Should().NotContain(n => body.Contains(n), $"{answer.RequestMessage?.RequestUri} answered {body}");
            body.Should().NotContain("13800138000");
        }
        Fixture.Logs.Lines.Should().NotContain(line => numbers.Any(line.Contains) || line.Contains("13800138000"));

        // The trainee's own stream is the one place the full number is kept.
        (await ReadModelsHolding(numbers)).Should().BeEmpty();
        (await EventTypesHolding(numbers)).Should().Equal("person_identified");
    }

    async Task<List<string>> EventTypesHolding(string[] numbers)
    {
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select distinct type from training.mt_events where data::text like any($1)");
        command.Parameters.Add(new() { Value = numbers.Select(n => $"%{n}%").ToArray() });
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }

    async Task<List<string>> ReadModelsHolding(string[] numbers)
    {
        var db = Host.Services.GetRequiredService<NpgsqlDataSource>();
        var tables = new List<string>();
        await using (var command = db.CreateCommand(
            "select table_name from information_schema.tables where table_schema = 'training' and table_name not in ('mt_events', 'mt_streams')"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var command = db.CreateCommand($"select count(*) from training.\"{table}\" t where t::text like any($1)");
            command.Parameters.Add(new() { Value = numbers.Select(n => $"%{n}%").ToArray() });
            if ((long)(await command.ExecuteScalarAsync())! > 0) holding.Add(table);
        }
        return holding;
    }
}
