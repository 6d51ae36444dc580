using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace Training.Tests.Enrollments;

/// <summary>Roster files made in the test, as institutions' spreadsheets really come, and the calls that upload them.</summary>
public static class RosterFiles
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static RosterFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>CSV text (CRLF line ends) in UTF-8 with a byte-order mark, without one, or in GB18030.</summary>
    public static byte[] CsvIn(string encoding, params string[] lines)
    {
        var text = string.Join("\r\n", lines) + "\r\n";
        return encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "gb18030" => Encoding.GetEncoding("GB18030").GetBytes(text),
            _ => throw new ArgumentException(encoding)
        };
    }

    public static byte[] Csv(params string[] lines) => CsvIn("utf-8", lines);

    /// <summary>A workbook whose first row is <paramref name="headers"/>; a null row is left blank; a double is stored as a number.</summary>
    public static byte[] Workbook(string[] headers, params object?[]?[] rows)
    {
        var sheet = rows.Select(r =>
        {
            var line = new Dictionary<string, object?>();
            for (var i = 0; i < headers.Length; i++) line[headers[i]] = r?[i];
            return line;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: true, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static Task<HttpResponseMessage> Upload(this Support.Api api, Guid classId, byte[] file, string contentType = "text/csv", string query = "")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return api.Client().PostAsync($"/api/classes/{classId}/roster{query}", content);
    }

    /// <summary>What a browser sends: the file as the 'file' field of a multipart form.</summary>
    public static Task<HttpResponseMessage> UploadForm(this Support.Api api, Guid classId, byte[] file, string fileName, string contentType)
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = new MultipartFormDataContent { { part, "file", fileName } };
        return api.Client().PostAsync($"/api/classes/{classId}/roster", form);
    }

    public sealed record Imported(int Rows, int Enrolled, bool DryRun, string Sha256, List<Enrolled> Enrollments);
    public sealed record Enrolled(int Row, Guid EnrollmentId, Guid TraineeId);
    public sealed record RowError(int Row, string Column, string Message, string? IdNumberMasked);

    /// <summary>The bad rows of a refused upload, after checking the answer is a problem with that status.</summary>
    public static async Task<List<RowError>> RowErrors(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("field").GetString().Should().Be("file");
        return json.RootElement.GetProperty("errors").Deserialize<List<RowError>>(Support.Api.Json)!;
    }
}
