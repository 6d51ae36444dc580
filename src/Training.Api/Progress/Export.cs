using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using Training.Web;

namespace Training.Progress;

public enum ReportFormat { Json, Csv, Xlsx }

/// <summary>A column of an exported report: its header carries the Chinese name a bureau files and the English one.</summary>
public sealed record ExportColumn(string Chinese, string English)
{
    public string Header => $"{Chinese} {English}";
}

/// <summary>A report flattened to one table, the same for CSV and for .xlsx.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Reports leave as JSON, CSV or .xlsx: <c>?format=</c> decides, else the Accept header (text/csv or the .xlsx
/// media type), else JSON. CSV is UTF-8 with a byte-order mark (without one Excel reads the Chinese names as
/// mojibake) and CRLF line ends (RFC 4180).
/// </summary>
public static class Export
{
    public const string Csv = "text/csv", Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static readonly string[] Formats = ["json", "csv", "xlsx"];

    public static (ReportFormat Format, Refusal? Refusal) Negotiate(HttpRequest request, string? format)
    {
        if (format is not null)
            return format.ToLowerInvariant() switch
            {
                "json" => (ReportFormat.Json, null),
                "csv" => (ReportFormat.Csv, null),
                "xlsx" => (ReportFormat.Xlsx, null),
                _ => (ReportFormat.Json, Refusal.Invalid("format", $"format '{Validation.Clip(format)}' is unknown; one of: {string.Join(", ", Formats)}"))
            };
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains(Csv, StringComparison.OrdinalIgnoreCase)) return (ReportFormat.Csv, null);
        if (accept.Contains(Xlsx, StringComparison.OrdinalIgnoreCase)) return (ReportFormat.Xlsx, null);
        return (ReportFormat.Json, null);
    }

    public static IResult File(ExportTable table, ReportFormat format) => format == ReportFormat.Xlsx
        ? Results.File(ToXlsx(table), Xlsx, table.Name + ".xlsx")
        : Results.File(ToCsv(table), Csv + "; charset=utf-8", table.Name + ".csv");

    public static byte[] ToCsv(ExportTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns.Select(c => Field(c.Header))).Append("\r\n");
        foreach (var row in table.Rows) text.AppendJoin(',', row.Select(v => Field(Text(v)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] ToXlsx(ExportTable table)
    {
        var rows = table.Rows.Select(row =>
        {
            var line = new Dictionary<string, object?>();
            for (var i = 0; i < table.Columns.Count; i++) line[table.Columns[i].Header] = Cell(row[i]);
            return line;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: true, sheetName: table.Name.Length <= 31 ? table.Name : table.Name[..31], excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>Numbers stay numbers (Excel sums them); text is defused like a CSV field.</summary>
    static object? Cell(object? value) => value switch
    {
        null => null,
        int or long or decimal => value,
        _ => Text(value)
    };

    static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.0", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Defuse(value.ToString() ?? "")
    };

    static string Field(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    /// <summary>Text a spreadsheet would run as a formula (an institution named "=HYPERLINK(…)") is kept as text.</summary>
    static string Defuse(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;
}
