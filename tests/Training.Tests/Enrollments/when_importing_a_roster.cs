using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using Training.Access;
using Training.Identity;
using Training.Tests.Support;
using static Training.Tests.Enrollments.RosterFiles;

namespace Training.Tests.Enrollments;

public class when_importing_a_roster(TrainingHost fixture) : IntegrationContext(fixture)
{
    const string Header = "身份证号,姓名,手机号,人员类别";

    static string Row(int person, string name, string phone = "", string groups = "") => $"{People.IdNumber(person)},{name},{phone},{groups}";

    static string[] Rows(int from, int count) =>
        [Header, .. Enumerable.Range(from, count).Select(i => Row(i, $"学员{i}"))];

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("gb18030")]
    public async Task a_csv_file_in_each_encoding_enrolls_every_row_by_its_chinese_name(string encoding)
    {
        var classId = await Api.NewClass();
        var file = CsvIn(encoding, Header, Row(1, "张三", "13800138000", "农民工"), Row(2, "李四"), Row(3, "欧阳娜娜", groups: "退役军人、失业人员"));

        var answer = await Api.Expect<Imported>(await Api.Upload(classId, file), HttpStatusCode.OK);

        answer.Should().BeEquivalentTo(new { Rows = 3, Enrolled = 3, DryRun = false, Sha256 = Convert.ToHexStringLower(SHA256.HashData(file)) });
        answer.Enrollments.Select(e => e.Row).Should().Equal(2, 3, 4);
        var roster = await Api.Get<List<JsonElement>>($"/api/classes/{classId}/enrollments");
        roster.Select(r => r.GetProperty("name").GetString()).Should().Equal("张三", "李四", "欧阳娜娜");
        roster.Select(r => r.GetProperty("idNumberMasked").GetString()).Should().Equal(
            ResidentId.Mask(People.IdNumber(1)), ResidentId.Mask(People.IdNumber(2)), ResidentId.Mask(People.IdNumber(3)));
        roster[0].GetProperty("groups").EnumerateArray().Select(g => g.GetString()).Should().Equal("migrant-worker");
        roster[2].GetProperty("groups").EnumerateArray().Select(g => g.GetString()).Should().Equal("veteran", "unemployed");
        (await Api.Class(classId)).Enrolled.Should().Be(3);
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(3, "each row is the same TraineeEnrolled a single enrollment appends");
    }

    [Fact]
    public async Task a_workbook_as_the_body_and_as_a_form_field_enrolls_its_first_sheet()
    {
        var first = await Api.NewClass();
        var workbook = Workbook(["姓名", "备注", "idNumber"], ["张三", "班长", People.IdNumber(1)], null, ["李四", null, People.IdNumber(2)]);
        var answer = await Api.Expect<Imported>(await Api.Upload(first, workbook, Xlsx), HttpStatusCode.OK);
        answer.Enrollments.Select(e => e.Row).Should().Equal([2, 4], "row 3 is blank and skipped; rows keep the numbers Excel shows");

        var second = await Api.NewClass();
        (await Api.Expect<Imported>(await Api.UploadForm(second, workbook, "花名册.xlsx", "application/octet-stream"), HttpStatusCode.OK))
            .Enrolled.Should().Be(2);
        var third = await Api.NewClass();
        (await Api.Expect<Imported>(await Api.UploadForm(third, CsvIn("gb18030", Header, Row(5, "王五")), "花名册.csv", "application/vnd.ms-excel"),
            HttpStatusCode.OK)).Enrolled.Should().Be(1);
        (await Api.Roster(third)).Single().Name.Should().Be("王五");
    }

    [Fact]
    public async Task full_width_characters_and_spaces_are_normalised()
    {
        var classId = await Api.NewClass();
        var fullWidth = string.Concat(People.IdNumber(1).Select(c => (char)(c + 0xFEE0)));
        var file = Csv("身份证号,姓名,手机号,人员类别", $"　{fullWidth}　, 张三 ,１３８００１３８０００,高校毕业生，农民工", "", ",,,");

        var answer = await Api.Expect<Imported>(await Api.Upload(classId, file), HttpStatusCode.OK);

        answer.Should().BeEquivalentTo(new { Rows = 1, Enrolled = 1 }, "blank rows, even with empty cells, are skipped");
        var roster = await Api.Get<List<JsonElement>>($"/api/classes/{classId}/enrollments");
        roster.Single().GetProperty("name").GetString().Should().Be("张三");
        roster.Single().GetProperty("groups").EnumerateArray().Select(g => g.GetString()).Should().Equal("graduate", "migrant-worker");
        var single = await Api.Enroll(await Api.NewClass(), People.IdNumber(1), "张三");
        single.TraineeId.Should().Be(answer.Enrollments.Single().TraineeId, "the same person as a single enrollment of the ASCII number");
    }

    [Fact]
    public async Task every_bad_row_is_named_and_nobody_is_enrolled()
    {
        var classId = await Api.NewClass();
        var before = await Events.CountAsync(Fixture);
        var file = Csv(Header,
            Row(1, "张三"),                                   // 2: fine
            $"{People.BadIdNumber(2)},李四,,",                // 3: check character
            "44162519900101,王五,,",                           // 4: length
            "",                                               // 5: blank, skipped
            Row(6, ""),                                       // 6: name empty
            Row(7, new string('名', 51)),                      // 7: name too long
            Row(8, "赵六", groups: "外星人"),                  // 8: unknown group
            Row(1, "张三"),                                   // 9: the same person as row 2
            "4.41625E+17,钱七,,",                              // 10: Excel's number
            Row(11, "孙八", phone: "call me"));               // 11: phone

        var errors = await (await Api.Upload(classId, file)).RowErrors(HttpStatusCode.BadRequest);

        errors.Select(e => (e.Row, e.Column)).Should().Equal(
            (3, "身份证号"), (4, "身份证号"), (6, "姓名"), (7, "姓名"), (8, "人员类别"), (9, "身份证号"), (10, "身份证号"), (11, "手机号"));
        errors.Single(e => e.Row == 3).Message.Should().Contain("check character");
        errors.Single(e => e.Row == 7).Message.Should().Contain("at most 50");
        errors.Single(e => e.Row == 8).Message.Should().Contain("外星人");
        errors.Single(e => e.Row == 9).Message.Should().Contain("row 2");
        errors.Single(e => e.Row == 10).Message.Should().Contain("format").And.Contain("text");
        errors.Single(e => e.Row == 9).IdNumberMasked.Should().Be(ResidentId.Mask(People.IdNumber(1)));
        var body = await (await Api.Upload(classId, file)).Content.ReadAsStringAsync();
        body.Should().NotContain(People.IdNumber(1)).And.NotContain(People.BadIdNumber(2), "ID numbers appear masked");
        (await Events.CountAsync(Fixture)).Should().Be(before);
        (await Api.Class(classId)).Enrolled.Should().Be(0);
    }

    [Fact]
    public async Task an_id_number_excel_stored_as_a_number_is_refused_for_its_row()
    {
        var classId = await Api.NewClass();
        var workbook = Workbook(["身份证号", "姓名"], [People.IdNumber(1), "张三"], [441625199001010020d, "李四"]);

        var errors = await (await Api.Upload(classId, workbook, Xlsx)).RowErrors(HttpStatusCode.BadRequest);

        errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 3, Column = "身份证号" });
        errors[0].Message.Should().Contain("format the 身份证号 column as text");
    }

    [Fact]
    public async Task rows_that_conflict_with_the_records_are_named_with_409()
    {
        var classId = await Api.NewClass();
        await Api.Enroll(classId, People.IdNumber(1), "张三");
        await Api.Enroll(await Api.NewClass(), People.IdNumber(2), "李四");
        var before = await Events.CountAsync(Fixture);

        var errors = await (await Api.Upload(classId, Csv(Header, Row(1, "张三"), Row(2, "李肆"), Row(3, "王五")))).RowErrors(HttpStatusCode.Conflict);

        errors.Select(e => (e.Row, e.Column)).Should().Equal((2, "身份证号"), (3, "姓名"));
        errors[0].Message.Should().Contain("already enrolled");
        errors[1].Message.Should().Contain("different name");
        (await Events.CountAsync(Fixture)).Should().Be(before);
    }

    [Fact]
    public async Task a_dry_run_answers_what_the_upload_would_do_and_appends_nothing()
    {
        var classId = await Api.NewClass();
        var before = await Events.CountAsync(Fixture);

        var answer = await Api.Expect<Imported>(await Api.Upload(classId, Csv(Rows(1, 5)), query: "?dryRun=true"), HttpStatusCode.OK);
        var refused = await (await Api.Upload(classId, Csv(Header, Row(1, "")), query: "?dryRun=true")).RowErrors(HttpStatusCode.BadRequest);

        answer.Should().BeEquivalentTo(new { Rows = 5, Enrolled = 5, DryRun = true });
        refused.Should().ContainSingle().Which.Row.Should().Be(2);
        (await Events.CountAsync(Fixture)).Should().Be(before);
        (await Api.Roster(classId)).Should().BeEmpty();
    }

    [Fact]
    public async Task the_same_file_uploaded_twice_enrolls_nobody_twice()
    {
        var classId = await Api.NewClass();
        var file = Csv(Rows(1, 3));
        (await Api.Upload(classId, file)).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await Events.CountAsync(Fixture);

        var errors = await (await Api.Upload(classId, file)).RowErrors(HttpStatusCode.Conflict);

        errors.Select(e => e.Row).Should().Equal(2, 3, 4);
        errors.Should().OnlyContain(e => e.Message.Contains("already enrolled"));
        (await Events.CountAsync(Fixture)).Should().Be(before);
        (await Api.Class(classId)).Enrolled.Should().Be(3);
    }

    [Fact]
    public async Task the_upload_is_in_the_class_history_with_who_the_file_and_its_rows()
    {
        var institutionId = await Api.RegisterInstitution();
        var classId = await Api.RegisterClass(institutionId);
        var clerk = Api.As(Fixture.Token(Roles.Institution, institution: institutionId, subject: "clerk-7"));
        var file = Csv(Rows(1, 2));
        (await clerk.Upload(classId, file)).StatusCode.Should().Be(HttpStatusCode.OK);

        var history = await Api.Get<List<JsonElement>>($"/api/classes/{classId}/history");

        history.Select(e => e.GetProperty("event").GetString()).Should().Equal(
            "class_registered", "trainee_enrolled", "trainee_enrolled", "roster_imported");
        var imported = history[^1];
        imported.GetProperty("by").GetProperty("subject").GetString().Should().Be("clerk-7");
        imported.GetProperty("data").GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(file)));
        imported.GetProperty("data").GetProperty("rows").GetInt32().Should().Be(2);
        history[1].GetProperty("correlationId").GetString().Should().Be(imported.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task more_rows_than_seats_left_or_a_class_not_open_is_refused_whole()
    {
        var classId = await Api.NewClass(capacity: 5);
        await Api.Enroll(classId, People.IdNumber(100), "先来");
        await (await Api.Upload(classId, Csv(Rows(1, 5)))).ShouldBeProblem(HttpStatusCode.Conflict, "id");
        (await Api.Upload(classId, Csv(Rows(1, 4)))).StatusCode.Should().Be(HttpStatusCode.OK);

        var cancelled = await Api.NewClass();
        (await Api.Cancel(cancelled)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await Api.Upload(cancelled, Csv(Rows(1, 2)))).ShouldBeProblem(HttpStatusCode.Conflict, "id");
        await (await Api.Upload(Guid.NewGuid(), Csv(Rows(1, 2)))).ShouldBeProblem(HttpStatusCode.NotFound, "id");
    }

    [Theory]
    [InlineData("empty", "text/csv", "empty")]
    [InlineData("blank lines", "text/csv", "empty")]
    [InlineData("no name column", "text/csv", "姓名")]
    [InlineData("no ID column", "text/csv", "身份证号")]
    [InlineData("header only", "text/csv", "no trainees")]
    [InlineData("binary", "text/csv", "not text")]
    [InlineData("corrupt", Xlsx, "workbook")]
    [InlineData("truncated workbook", Xlsx, "workbook")]
    public async Task a_file_that_cannot_be_read_is_a_400_saying_why(string file, string contentType, string says)
    {
        var workbook = Workbook(["身份证号", "姓名"], [People.IdNumber(1), "张三"]);
        var bytes = file switch
        {
            "empty" => [],
            "blank lines" => Csv("", "", ""),
            "no name column" => Csv("身份证号,名字", $"{People.IdNumber(1)},张三"),
            "no ID column" => Csv("证件,姓名", $"{People.IdNumber(1)},张三"),
            "header only" => Csv(Header),
            "binary" => [0x00, 0x01, 0x02, 0xFF, 0x10, 0x00],
            "corrupt" => Encoding.UTF8.GetBytes("this is not a workbook"),
            _ => workbook[..(workbook.Length / 2)]
        };
        var classId = await Api.NewClass();

        var response = await Api.Upload(classId, bytes, contentType);

        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "file");
        (await response.Content.ReadAsStringAsync()).Should().Contain(says);
    }

    [Fact]
    public async Task a_file_over_5_mb_is_413_and_a_form_without_the_file_400()
    {
        var classId = await Api.NewClass();
        var big = new byte[5 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)'1');

        await (await Api.Upload(classId, big)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "file");
        await (await Api.UploadForm(classId, big, "big.csv", "text/csv")).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "file");
        var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await Api.Client().PostAsync($"/api/classes/{classId}/roster", form)).ShouldBeProblem(HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task two_uploads_racing_for_the_last_seats_never_pass_capacity()
    {
        var classId = await Api.NewClass(capacity: 10);
        await Api.Enroll(classId, People.IdNumber(100), "先来");

        var answers = await Task.WhenAll(Api.Upload(classId, Csv(Rows(1, 6))), Api.Upload(classId, Csv(Rows(11, 6))));

        answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        (await Api.Class(classId)).Enrolled.Should().Be(7);
        (await Api.Roster(classId)).Should().HaveCount(7);
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(7);
    }

    [Fact]
    public async Task an_upload_racing_single_enrollments_of_the_same_people_enrolls_each_once()
    {
        var classId = await Api.NewClass(capacity: 20);
        var file = Csv(Rows(1, 10));

        var upload = Api.Upload(classId, file);
        var singles = Enumerable.Range(1, 10).Select(i => Api.TryEnroll(classId, People.IdNumber(i), $"学员{i}")).ToList();
        var answers = await Task.WhenAll(singles.Prepend(upload));

        var roster = await Api.Roster(classId);
        roster.Select(r => r.TraineeId).Should().OnlyHaveUniqueItems();
        roster.Should().HaveCount(10, "everyone is enrolled, once: by the file, or singly with the file then refused");
        var uploaded = answers[0].StatusCode == HttpStatusCode.OK;
        // The file came first and every single enrollment found its person enrolled; or a single one came first and the file,
        // naming that row, enrolled nobody, while every single enrollment went through.
        if (uploaded) answers.Skip(1).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Conflict);
        else
        {
            answers[0].StatusCode.Should().Be(HttpStatusCode.Conflict);
            answers.Skip(1).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created);
        }
        (await Api.Progress("441625", 2026))["yuecai"].Enrolled.Should().Be(10);
    }

    [Fact]
    public async Task the_roster_comes_back_out_as_csv_and_xlsx_with_masked_id_numbers()
    {
        var classId = await Api.NewClass();
        await Api.Upload(classId, Csv(Header, Row(1, "张三", groups: "农民工"), Row(2, "李四")));

        var csv = await Api.Client().GetAsync($"/api/classes/{classId}/enrollments?format=csv");
        csv.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("身份证号 ID number,姓名 Name,人员类别 Groups,状态 Status,报名日期 Enrolled on");
        lines[1].Should().StartWith($"{ResidentId.Mask(People.IdNumber(1))},张三,农民工,active,2026-06-15");
        lines.Should().HaveCount(3);
        string.Concat(lines).Should().NotContain(People.IdNumber(1));

        var xlsx = await Api.Client().GetAsync($"/api/classes/{classId}/enrollments?format=xlsx");
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be(Xlsx);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Select(r => r["姓名 Name"]).Should().Equal("张三", "李四");
        rows.Select(r => r["身份证号 ID number"]).Should().Equal(ResidentId.Mask(People.IdNumber(1)), ResidentId.Mask(People.IdNumber(2)));

        await (await Api.Send(HttpMethod.Get, $"/api/classes/{classId}/enrollments?format=pdf")).ShouldBeProblem(HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task the_template_has_the_headers_a_sample_row_and_a_text_id_column_and_imports_as_it_is()
    {
        var response = await Api.Client().GetAsync("/api/roster-template.xlsx");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(Xlsx);
        var template = await response.Content.ReadAsByteArrayAsync();

        using (var stream = new MemoryStream(template))
        {
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            rows.Single().Keys.Should().Equal("身份证号 idNumber", "姓名 name", "手机号 phone", "人员类别 groups");
            rows.Single()["身份证号 idNumber"].Should().BeOfType<string>().Which.Should().HaveLength(18);
        }
        using (var zip = new ZipArchive(new MemoryStream(template)))
        {
            var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
            var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open()).ReadToEnd();
            var style = System.Text.RegularExpressions.Regex.Match(sheet, "<x:col min=\"1\" max=\"1\"[^>]* style=\"([0-9]+)\"");
            style.Success.Should().BeTrue("the whole ID column is formatted, not just the sample cell: " + sheet);
            var xfs = System.Text.RegularExpressions.Regex.Matches(styles.Split("<x:cellXfs")[1], "<x:xf [^>]*numFmtId=\"([0-9]+)\"");
            var format = xfs[int.Parse(style.Groups[1].Value)].Groups[1].Value;
            (format == "49" || styles.Contains($"numFmtId=\"{format}\" formatCode=\"@\"")).Should().BeTrue("the column's format is text (@)");
        }

        var classId = await Api.NewClass();
        (await Api.Expect<Imported>(await Api.Upload(classId, template, Xlsx), HttpStatusCode.OK)).Enrolled.Should().Be(1,
            "the sample row is a valid trainee, so a filled-in template imports as it is");
    }
}
