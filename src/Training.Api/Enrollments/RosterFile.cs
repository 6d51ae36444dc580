using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using MiniExcelLibs;
using Training.Progress;

namespace Training.Enrollments;

/// <summary>The file as it arrived: its bytes, and what the client said it is (a media type, a file name), if anything.</summary>
public sealed record RosterUpload(byte[] Bytes, string? ContentType, string? FileName);

public enum RosterColumn { IdNumber, Name, Phone, Groups }

/// <summary>
/// One data row of a roster, its cells normalised (full-width folded, trimmed, empty as null). <paramref name="Row"/> is the
/// number the spreadsheet shows (the header is row 1). <paramref name="IdNumberIsNumber"/>: Excel stored the ID number as a
/// number (4.41602E+17), so its last digits are gone.
/// </summary>
public sealed record RosterFileRow(int Row, string? IdNumber, bool IdNumberIsNumber, string? Name, string? Phone, string? Groups);

/// <summary>The rows of a roster and, for each column found, its header as the file spells it (errors name that).</summary>
public sealed record RosterSheet(IReadOnlyDictionary<RosterColumn, string> Headers, IReadOnlyList<RosterFileRow> Lines);

/// <summary>
/// Reads the spreadsheets institutions keep (学员花名册): the first sheet of an .xlsx workbook (MiniExcel) or a CSV file
/// (CsvHelper) in UTF-8, with or without a byte-order mark, or in GB18030/GBK as Excel on a Chinese Windows PC saves it.
/// Columns are found by their header in row 1, in Chinese or English; other columns are ignored; blank rows are skipped.
/// </summary>
public static partial class RosterFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    /// <summary>Far beyond any class (5000 seats): a file past it is not a roster, and reading further only costs.</summary>
    public const int MaxRows = 20_000;

    static readonly Dictionary<RosterColumn, string[]> Aliases = new()
    {
        [RosterColumn.IdNumber] = ["身份证号", "身份证号码", "公民身份号码", "idnumber"],
        [RosterColumn.Name] = ["姓名", "name"],
        [RosterColumn.Phone] = ["手机号", "手机号码", "联系电话", "phone"],
        [RosterColumn.Groups] = ["人员类别", "groups"],
    };

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static RosterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The rows, or why the file as a whole cannot be read (400, naming the file).</summary>
    public static (RosterSheet? Sheet, string? Problem) Read(RosterUpload upload)
    {
        var bytes = upload.Bytes;
        if (bytes.Length == 0) return (null, "the file is empty");
        var rows = IsWorkbook(upload) ? ReadWorkbook(bytes) : ReadCsv(bytes);
        return rows.Problem is { } problem ? (null, problem) : ToSheet(rows.Cells!);
    }

    static bool IsZip(byte[] b) => b is [0x50, 0x4B, 0x03, 0x04, ..];

    // What the client declared wins; a bare body (or application/octet-stream) is sniffed: a zip is a workbook.
    static bool IsWorkbook(RosterUpload upload)
    {
        var type = upload.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var name = upload.FileName?.ToLowerInvariant();
        if (type == Export.Xlsx || name?.EndsWith(".xlsx") == true) return true;
        if (type is Export.Csv or "text/plain" || name?.EndsWith(".csv") == true) return false;
        return IsZip(upload.Bytes);
    }

    /// <summary>A cell as read: a text, or a number when the workbook stored one.</summary>
    readonly record struct Cell(string? Text, bool IsNumber);

    static (List<(int Row, Cell[] Cells)>? Cells, string? Problem) ReadWorkbook(byte[] bytes)
    {
        if (bytes is [0xD0, 0xCF, 0x11, 0xE0, ..]) return (null, "the workbook is an Excel 97-2003 .xls file: save it as .xlsx (Excel 工作簿) and upload that");
        if (!IsZip(bytes)) return (null, "the workbook cannot be read: it is not an .xlsx file (corrupt, or another format)");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var rows = new List<(int, Cell[])>();
            var row = 0;
            // The first sheet; MiniExcel yields the rows a sheet skips as empty ones, so positions are row numbers.
            foreach (IDictionary<string, object?> line in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                if (++row > MaxRows + 1) return (null, $"the workbook has more than {MaxRows} rows");
                rows.Add((row, line.Values.Select(v => v switch
                {
                    null => new Cell(null, false),
                    double or float or decimal or int or long => new Cell(Convert.ToString(v, CultureInfo.InvariantCulture), true),
                    DateTime d => new Cell(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false),
                    _ => new Cell(Convert.ToString(v, CultureInfo.InvariantCulture), false)
                }).ToArray()));
            }
            return (rows, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, "the workbook cannot be read: it is corrupt or not an .xlsx file");
        }
    }

    static (List<(int Row, Cell[] Cells)>? Cells, string? Problem) ReadCsv(byte[] bytes)
    {
        if (IsZip(bytes) || bytes is [0xD0, 0xCF, 0x11, 0xE0, ..])
            return (null, "the CSV file is not text (it looks like a workbook: send it as .xlsx)");
        var text = Decode(bytes);
        if (text.Any(c => c < ' ' && c is not ('\t' or '\r' or '\n')))
            return (null, "the CSV file is not text: it holds control characters (a binary file?)");
        if (text.Trim().Length == 0) return (null, "the file is empty");
        try
        {
            // Every line is a record (blank ones too), so RowNumber is the row a spreadsheet shows, even past a quoted line break.
            using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { HasHeader = false, SkipEmptyLines = false });
            var rows = new List<(int, Cell[])>();
            while (reader.Read())
            {
                if (reader.RowNumber > MaxRows + 1) return (null, $"the CSV file has more than {MaxRows} rows");
                var cells = new Cell[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = new Cell(reader.GetString(i), false);
                rows.Add(((int)reader.RowNumber, cells));
            }
            return (rows, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, "the CSV file cannot be read (unbalanced quotes?)");
        }
    }

    /// <summary>UTF-16 when its byte-order mark says so; UTF-8 when the bytes are valid UTF-8; otherwise GB18030 (a superset of GBK).</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes is [0xFF, 0xFE, ..]) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        var skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    static (RosterSheet?, string?) ToSheet(List<(int Row, Cell[] Cells)> rows)
    {
        var header = rows.FirstOrDefault(r => r.Row == 1);
        if (header.Cells is null || header.Cells.All(c => Normalize(c.Text) is null)) return (null, EmptyOrHeadless(rows));

        var columns = new Dictionary<RosterColumn, int>();
        var headers = new Dictionary<RosterColumn, string>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            if (Normalize(header.Cells[i].Text) is not { } title) continue;
            var words = title.ToLowerInvariant().Split([' ', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var (column, names) in Aliases)
                if (!columns.ContainsKey(column) && words.Any(names.Contains))
                {
                    columns[column] = i;
                    headers[column] = title;
                }
        }
        var missing = new[] { (RosterColumn.IdNumber, "身份证号 (idNumber)"), (RosterColumn.Name, "姓名 (name)") }
            .Where(c => !columns.ContainsKey(c.Item1)).Select(c => c.Item2).ToList();
        if (missing.Count > 0)
            return (null, $"the first row must name the columns; missing: {string.Join(", ", missing)}");

        string? At(Cell[] cells, RosterColumn column) =>
            columns.TryGetValue(column, out var i) && i < cells.Length ? Normalize(cells[i].Text) : null;

        var lines = new List<RosterFileRow>();
        foreach (var (row, cells) in rows.Where(r => r.Row > 1))
        {
            if (cells.All(c => Normalize(c.Text) is null)) continue;
            var id = columns[RosterColumn.IdNumber] < cells.Length ? cells[columns[RosterColumn.IdNumber]] : default;
            var idText = Normalize(id.Text);
            lines.Add(new RosterFileRow(row, idText, id.IsNumber || idText is not null && ScientificNotation().IsMatch(idText),
                At(cells, RosterColumn.Name), At(cells, RosterColumn.Phone), At(cells, RosterColumn.Groups)));
        }
        return lines.Count == 0 ? (null, "the file has a header but no trainees below it") : (new RosterSheet(headers, lines), null);
    }

    static string EmptyOrHeadless(List<(int Row, Cell[] Cells)> rows) =>
        rows.Any(r => r.Cells.Any(c => Normalize(c.Text) is not null))
            ? "the first row must name the columns (身份证号, 姓名, optionally 手机号 and 人员类别); it is empty"
            : "the file is empty";

    /// <summary>
    /// Full-width (全角) letters, digits, punctuation and the ideographic space folded to their ASCII forms, as NFKC would
    /// (the service runs with invariant globalization, where string.Normalize leaves them); then trimmed; empty is null.
    /// </summary>
    public static string? Normalize(string? cell)
    {
        if (cell is null) return null;
        var folded = string.Create(cell.Length, cell, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] switch
                {
                    >= '\uFF01' and <= '\uFF5E' and var c => (char)(c - 0xFEE0),
                    '\u3000' or '\u00A0' => ' ',
                    var c => c
                };
        }).Trim();
        return folded.Length == 0 ? null : folded;
    }

    /// <summary>What Excel shows for a long number: 4.41602E+17, or 4.41602199001011E+17 when the cell is wide.</summary>
    [GeneratedRegex(@"^[0-9](\.[0-9]+)?E\+?[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ScientificNotation();
}
