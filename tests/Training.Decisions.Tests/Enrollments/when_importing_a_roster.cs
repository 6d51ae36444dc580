using System.Text;
using Training.Classes;
using Training.Enrollments;
using Training.Tests.Support;
using Training.Trainees;

namespace Training.Decisions.Tests.Enrollments;

/// <summary>Reading a roster file and deciding an upload, without a host or a database.</summary>
public class when_importing_a_roster
{
    static RosterSheet Read(string csv, string encoding = "utf-8")
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (sheet, problem) = RosterFile.Read(new RosterUpload(Encoding.GetEncoding(encoding).GetBytes(csv), "text/csv", null));
        problem.Should().BeNull();
        return sheet!;
    }

    static string Problem(string csv) => RosterFile.Read(new RosterUpload(Encoding.UTF8.GetBytes(csv), null, null)).Problem!;

    [Fact]
    public void bytes_that_are_not_utf8_are_read_as_gb18030()
    {
        var sheet = Read($"身份证号,姓名\r\n{People.IdNumber(1)},欧阳娜娜\r\n", "GB18030");
        sheet.Lines.Should().ContainSingle().Which.Name.Should().Be("欧阳娜娜");
    }

    [Fact]
    public void rows_keep_the_numbers_a_spreadsheet_shows_past_blank_rows_and_quoted_line_breaks()
    {
        var sheet = Read($"idNumber,name,remark\r\n{People.IdNumber(1)},张三,\"two\r\nlines\"\r\n\r\n,,\r\n{People.IdNumber(2)},李四,\r\n");
        sheet.Lines.Select(l => (l.Row, l.Name)).Should().Equal((2, "张三"), (5, "李四"));
        sheet.Headers[RosterColumn.IdNumber].Should().Be("idNumber");
    }

    [Fact]
    public void full_width_characters_are_folded_and_cells_trimmed()
    {
        RosterFile.Normalize("　４４１６２５ＡＢｘ　").Should().Be("441625ABx");
        RosterFile.Normalize(" \u3000 ").Should().BeNull();
    }

    [Theory]
    [InlineData("4.41625E+17")]
    [InlineData("4.41625199001011E+17")]
    public void an_id_number_in_scientific_notation_is_marked_as_excels_number(string cell) =>
        Read($"身份证号,姓名\r\n{cell},张三\r\n").Lines.Single().IdNumberIsNumber.Should().BeTrue();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("身份证号,名字\r\n1,2\r\n", "姓名")]
    [InlineData("身份证号,姓名\r\n", "no trainees")]
    public void a_file_that_is_no_roster_says_why(string csv, string saying) => Problem(csv).Should().Contain(saying);

    [Fact]
    public void the_same_person_twice_in_the_file_names_the_first_row()
    {
        var (commands, errors) = ImportRosterEndpoint.Check(Read($"身份证号,姓名\r\n{People.IdNumber(1)},张三\r\n{People.IdNumber(1).ToLowerInvariant()},张三\r\n"));
        commands.Should().ContainSingle().Which.Row.Should().Be(2);
        errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 3, Column = "idNumber" });
        errors[0].Message.Should().Contain("row 2");
    }

    static List<RosterCandidate> Candidates(int count, int from = 1) => Enumerable.Range(from, count).Select(i =>
        new RosterCandidate(i + 1, new EnrollTrainee(People.IdNumber(i), $"学员{i}", null, []), Guid.NewGuid(), null, Guid.NewGuid())).ToList();

    static RosterDecision Decide(ClassSeats cls, IReadOnlyList<RosterCandidate> rows, IReadOnlyList<RosterRowError>? invalid = null) =>
        ImportRosterEndpoint.Decide(cls, rows, invalid ?? [], rows.Count, "ab12", "花名册.csv", Given.Today);

    [Fact]
    public void every_row_is_a_trainee_enrolled_then_the_upload_is_recorded()
    {
        var known = Candidates(1, from: 9)[0] is var k ? k with { Known = new Trainee(k.TraineeId, k.Command.IdNumber, k.Command.Name, null, []) } : null!;
        var decision = Decide(Given.AClass(capacity: 3), [.. Candidates(2), known]);

        decision.Refusal.Should().BeNull();
        decision.ClassEvents.Should().HaveCount(4);
        decision.ClassEvents.Take(3).Should().AllBeOfType<TraineeEnrolled>();
        decision.ClassEvents[^1].Should().BeEquivalentTo(new RosterImported(decision.ClassEvents.OfType<TraineeEnrolled>().First().ClassId,
            "ab12", "花名册.csv", 3, 3, Given.Today));
        decision.PersonEvents.Should().HaveCount(2, "someone already recorded under the same name is not identified again");
        decision.PersonEvents.Select(p => p.Fact).Should().AllBeOfType<PersonIdentified>();
    }

    [Fact]
    public void rows_beyond_the_seats_left_refuse_the_whole_file()
    {
        var decision = Decide(Given.AClass(capacity: 5).WithEnrolled(3), Candidates(3));
        decision.Refusal.Should().BeEquivalentTo(new { Status = 409, Field = "id" });
        decision.Refusal!.Message.Should().Contain("3 trainees").And.Contain("2 seats left");
        decision.ClassEvents.Should().BeEmpty();
    }

    [Fact]
    public void a_class_that_is_not_open_refuses_the_whole_file() =>
        Decide(Given.AClass().After(new ClassCancelled(Guid.Empty, "no teacher", Given.Today)), Candidates(2))
            .Refusal.Should().BeEquivalentTo(new { Status = 409, Field = "id" });

    [Fact]
    public void rows_already_enrolled_or_under_another_name_are_named_and_nothing_is_decided()
    {
        var rows = Candidates(3);
        rows[2] = rows[2] with { Known = new Trainee(rows[2].TraineeId, rows[2].Command.IdNumber, "别名", null, []) };
        var decision = Decide(Given.AClass().WithEnrolled(rows[0].TraineeId, out _), rows);

        decision.Errors.Select(e => (e.Row, e.Column)).Should().Equal((2, "idNumber"), (4, "name"));
        decision.ErrorStatus.Should().Be(409);
        decision.ClassEvents.Should().BeEmpty();
        decision.PersonEvents.Should().BeEmpty();
    }

    [Fact]
    public void an_invalid_row_makes_the_answer_a_400_with_every_row_in_order()
    {
        var rows = Candidates(2);
        var decision = Decide(Given.AClass().WithEnrolled(rows[1].TraineeId, out _), rows, [new RosterRowError(2, "name", "name is required", null)]);
        decision.Errors.Select(e => e.Row).Should().Equal(2, 3);
        decision.ErrorStatus.Should().Be(400);
    }
}
