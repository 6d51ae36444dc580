using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Training.Access;
using Training.Classes;
using Training.Identity;
using Training.Progress;
using Training.Trainees;
using Training.Web;
using Wolverine.Http;

namespace Training.Enrollments;

/// <summary>
/// An upload of a roster, recorded for the audit trail (the event headers say who): which file (its SHA-256), how many
/// data rows it had, how many were enrolled. Each enrollment is its own <see cref="TraineeEnrolled"/> beside it.
/// </summary>
public sealed record RosterImported(Guid ClassId, string Sha256, string? FileName, int Rows, int Enrolled, DateOnly ImportedOn);

/// <summary>One bad row: the row as the spreadsheet numbers it, the column (the field; the answer gives the file's header), the rule it broke.</summary>
public sealed record RosterRowError(int Row, string Column, string Message, string? IdNumberMasked);

/// <summary>A row that passed its checks: the same validated command a single enrollment makes.</summary>
public sealed record RosterCandidate(int Row, EnrollTrainee Command, Guid TraineeId, Trainee? Known, Guid EnrollmentId);

public sealed record RosterEnrollment(int Row, Guid EnrollmentId, Guid TraineeId);

public sealed record RosterImportAnswer(int Rows, int Enrolled, bool DryRun, string Sha256, IReadOnlyList<RosterEnrollment> Enrollments);

/// <summary>What the upload comes to: the events to append, or the bad rows (every one), or a refusal of the whole file.</summary>
public sealed record RosterDecision(
    IReadOnlyList<object> ClassEvents, IReadOnlyList<(Guid TraineeId, object Fact)> PersonEvents,
    IReadOnlyList<RosterRowError> Errors, int ErrorStatus, Refusal? Refusal, IReadOnlyList<RosterEnrollment> Enrolled);

public static class ImportRosterEndpoint
{
    /// <summary>The labels of 人员类别 a roster may use, beside the codes.</summary>
    public static readonly IReadOnlyDictionary<string, string> GroupLabels = new Dictionary<string, string>
    {
        ["高校毕业生"] = "graduate", ["农民工"] = "migrant-worker", ["退役军人"] = "veteran", ["脱贫人口"] = "poverty-alleviated",
        ["就业困难人员"] = "employment-difficulty", ["残疾人"] = "disabled", ["失业人员"] = "unemployed"
    };

    const string IdNumber = "idNumber";

    static readonly Dictionary<string, RosterColumn> FieldColumns = new()
    {
        ["idNumber"] = RosterColumn.IdNumber, ["name"] = RosterColumn.Name, ["phone"] = RosterColumn.Phone, ["groups"] = RosterColumn.Groups
    };

    /// <summary>
    /// Each row checked by the single enrollment's own <see cref="EnrollTraineeEndpoint.Check"/>; an ID number Excel turned into
    /// a number, and a person already on an earlier row, are refused here. Checked rows come back as commands, with the errors of the rest.
    /// </summary>
    public static (List<(int Row, EnrollTrainee Command)> Commands, List<RosterRowError> Errors) Check(RosterSheet sheet)
    {
        var commands = new List<(int, EnrollTrainee)>();
        var errors = new List<RosterRowError>();
        var firstRowOf = new Dictionary<string, int>();
        foreach (var line in sheet.Lines)
        {
            var masked = MaskAny(line.IdNumber);
            var groups = line.Groups?.Split(['、', ',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(g => GroupLabels.GetValueOrDefault(g, g)).ToArray();
            var (command, broken) = EnrollTraineeEndpoint.Check(new EnrollTraineeRequest(line.IdNumber, line.Name, line.Phone, groups));
            var rowErrors = broken.SelectMany(b => b.Value.Select(m => new RosterRowError(line.Row, b.Key, m, masked))).ToList();
            if (line.IdNumberIsNumber)
            {
                rowErrors.RemoveAll(e => e.Column == IdNumber);
                rowErrors.Insert(0, new RosterRowError(line.Row, IdNumber,
                    "the ID number is stored as a number (Excel shows it as 4.41602E+17), so its last digits are gone: " +
                    $"format the {sheet.Headers[RosterColumn.IdNumber]} column as text (设置单元格格式 → 文本) and type the numbers again", masked));
            }
            if (command is not null && !firstRowOf.TryAdd(command.IdNumber, line.Row))
                rowErrors.Add(new RosterRowError(line.Row, IdNumber,
                    $"the same person is on row {firstRowOf[command.IdNumber]} of the file", masked));
            if (rowErrors.Count == 0) commands.Add((line.Row, command!));
            else errors.AddRange(rowErrors);
        }
        return (commands, errors);
    }

    /// <summary>
    /// Every row through the single enrollment's own <see cref="EnrollTraineeEndpoint.Decide"/>, each accepted row applied to the
    /// class before the next is decided (seats, the same person twice). A refusal naming the class (it is not open, or full) is the
    /// whole file's; any other is its row's. Nothing is appended unless every row is accepted.
    /// </summary>
    public static RosterDecision Decide(ClassSeats state, IReadOnlyList<RosterCandidate> entries, IReadOnlyList<RosterRowError> invalid,
        int rows, string sha256, string? fileName, DateOnly today)
    {
        var cls = state.Class;
        var seatsLeft = cls.Capacity - cls.Enrolled;
        var errors = new List<RosterRowError>();
        var classEvents = new List<object>();
        var personEvents = new List<(Guid, object)>();
        var enrolled = new List<RosterEnrollment>();
        var overCapacity = 0;
        foreach (var entry in entries)
        {
            var decision = EnrollTraineeEndpoint.Decide(state, entry.Command, entry.TraineeId, entry.Known, entry.EnrollmentId, today);
            if (decision.Refusal is { Field: "id" } whole)
            {
                if (cls.Status != ClassStatus.Open) return Refused(whole);
                overCapacity++;
                continue;
            }
            if (decision.Refusal is { } refusal)
            {
                errors.Add(new RosterRowError(entry.Row, refusal.Field, refusal.Message, ResidentId.Mask(entry.Command.IdNumber)));
                continue;
            }
            state = state.After(decision.Events);
            classEvents.AddRange(decision.Events);
            if (Trainee.Identify(entry.Known, entry.TraineeId, entry.Command.IdNumber, entry.Command.Name, entry.Command.Phone) is { } fact)
                personEvents.Add((entry.TraineeId, fact));
            enrolled.Add(new RosterEnrollment(entry.Row, entry.EnrollmentId, entry.TraineeId));
        }

        if (invalid.Count + errors.Count > 0)
        {
            var all = invalid.Concat(errors).OrderBy(e => e.Row).ToList();
            return new RosterDecision([], [], all, invalid.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, null, []);
        }
        if (overCapacity > 0)
            return Refused(Refusal.Conflict("id",
                $"the file has {entries.Count} trainees to enroll but class {cls.Id} has {seatsLeft} seats left of {cls.Capacity}"));
        classEvents.Add(new RosterImported(cls.Id, sha256, fileName, rows, enrolled.Count, today));
        return new RosterDecision(classEvents, personEvents, [], 0, null, enrolled);

        RosterDecision Refused(Refusal r) => new([], [], [], 0, r, []);
    }

    /// <summary>
    /// Enrolls every row of an .xlsx or CSV roster, or none: the body is the file (text/csv or the .xlsx media type), or the
    /// <c>file</c> field of a multipart form. <paramref name="dryRun"/> answers the same and appends nothing.
    /// </summary>
    [WolverinePost("/api/classes/{id}/roster"), Audited, Idempotent, RequestSizeLimit(MaxBody), FileBody(Export.Csv, Export.Xlsx, FileBodyAttribute.Form)]
    [EndpointSummary("Enroll a class's roster from an .xlsx or CSV file (学员花名册), all rows or none")]
    [ProducesResponseType<RosterImportAnswer>(200), Refuses(400), Refuses(403), Refuses(404), Refuses(409), Refuses(413)]
    public static async Task<IResult> Post(Guid id, bool? dryRun, HttpRequest http, IDocumentSession session, TraineeIdentity identity,
        TimeProvider clock, ClaimsPrincipal user)
    {
        var (upload, unread) = await Receive(http);
        if (upload is null) return unread!;
        var (sheet, problem) = RosterFile.Read(upload);
        if (sheet is null) return Problems.Invalid(new Dictionary<string, string[]> { ["file"] = [problem!] });

        var (commands, invalid) = Check(sheet);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Bytes));
        var now = clock.GetUtcNow();
        // Each person's lock before the class's, as a single enrollment takes them, in one order (by trainee id) so that two
        // uploads sharing people cannot deadlock; under them, what is known of each person and their seats in this class.
        var known = new Dictionary<Guid, Trainee>();
        var seats = new List<Seat>();
        foreach (var traineeId in commands.Select(c => identity.IdFor(c.Command.IdNumber)).Distinct().Order())
        {
            var (trainee, held) = await session.LockTrainee(traineeId, seatsInClass: id);
            if (trainee is not null) known[traineeId] = trainee;
            seats.AddRange(held);
        }
        // Ids of one millisecond are random after their time: sorted as PostgreSQL sorts uuids (their text), then handed out row
        // by row, so the roster (ordered by enrollment id) lists the file's rows in the file's order.
        var enrollmentIds = commands.Select(_ => Guid.CreateVersion7(now)).OrderBy(g => g.ToString(), StringComparer.Ordinal).ToList();
        var entries = commands.Select((c, i) =>
        {
            var traineeId = identity.IdFor(c.Command.IdNumber);
            return new RosterCandidate(c.Row, c.Command, traineeId, known.GetValueOrDefault(traineeId), enrollmentIds[i]);
        }).ToList();

        RosterDecision? outcome = null;
        var refusal = await session.Decide(id, Caller.From(user), cls =>
        {
            outcome = Decide(cls, entries, invalid, sheet.Lines.Count, sha256, upload.FileName, clock.Today());
            if (outcome.Refusal is { } whole) return whole;
            // Bad rows, or a dry run: nothing is appended (the class stream's lock is released with the transaction).
            return outcome.Errors.Count > 0 || dryRun == true ? Decision.Accept() : Decision.Accept([.. outcome.ClassEvents]);
        }, seats: seats);
        if (refusal is not null) return Problems.From(refusal);
        if (outcome!.Errors.Count > 0) return BadRows(outcome, sheet);
        if (dryRun != true)
            foreach (var (traineeId, fact) in outcome.PersonEvents) session.Events.Append(traineeId, fact);
        return Results.Ok(new RosterImportAnswer(sheet.Lines.Count, outcome.Enrolled.Count, dryRun == true, sha256,
            dryRun == true ? [] : outcome.Enrolled));
    }

    /// <summary>Room for a 5 MB file and a multipart form's framing around it; the file itself is measured against 5 MB.</summary>
    const long MaxBody = RosterFile.MaxBytes + 64 * 1024;

    static async Task<(RosterUpload?, IResult?)> Receive(HttpRequest http)
    {
        try
        {
            if (http.HasFormContentType)
            {
                var form = await http.ReadFormAsync();
                if (form.Files.GetFile("file") is not { } file)
                    return (null, Problems.Invalid(new Dictionary<string, string[]> { ["file"] = ["the form must carry the roster as its 'file' field"] }));
                if (file.Length > RosterFile.MaxBytes) return (null, TooLarge());
                using var part = new MemoryStream();
                await file.CopyToAsync(part);
                return (new RosterUpload(part.ToArray(), file.ContentType, file.FileName), null);
            }
            if (http.ContentLength > RosterFile.MaxBytes) return (null, TooLarge());
            using var body = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await http.Body.ReadAsync(buffer)) > 0)
            {
                if (body.Length + read > RosterFile.MaxBytes) return (null, TooLarge());
                body.Write(buffer, 0, read);
            }
            return (new RosterUpload(body.ToArray(), http.ContentType, null), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.Invalid(new Dictionary<string, string[]> { ["file"] = [$"the form cannot be read: {e.Message}"] }));
        }
    }

    static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large",
        detail: $"a roster file may be at most {RosterFile.MaxBytes / (1024 * 1024)} MB", extensions: new Dictionary<string, object?> { ["field"] = "file" });

    // Errors name the column as the file heads it (身份证号, or idNumber).
    static IResult BadRows(RosterDecision outcome, RosterSheet sheet) => Results.Problem(statusCode: outcome.ErrorStatus,
        title: outcome.ErrorStatus == StatusCodes.Status400BadRequest ? "The roster has invalid rows" : "The roster has rows that conflict with the records",
        detail: $"nobody was enrolled: {outcome.Errors.Select(e => e.Row).Distinct().Count()} rows are refused; correct them and upload the file again",
        extensions: new Dictionary<string, object?>
        {
            ["field"] = "file", ["errors"] = outcome.Errors.Select(e => e with { Column = Header(sheet, e.Column) }).ToList()
        });

    static string Header(RosterSheet sheet, string field) =>
        FieldColumns.TryGetValue(field, out var column) && sheet.Headers.TryGetValue(column, out var header) ? header : field;

    /// <summary>A cell that may be no ID number at all, masked all the same: errors never echo a full number.</summary>
    static string? MaskAny(string? idNumber) => idNumber switch
    {
        null => null,
        { Length: >= 14 } => ResidentId.Mask(idNumber),
        _ => new string('*', idNumber.Length)
    };

}
