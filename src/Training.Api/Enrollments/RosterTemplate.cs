using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Training.Classes;
using Training.Identity;
using Training.Progress;
using Wolverine.Http;

namespace Training.Enrollments;

/// <summary>The roster as a file, both ways: the empty template an institution fills in, and a class's roster exported.</summary>
public static class RosterTemplate
{
    /// <summary>The headers the import reads: Chinese, then the English name (either alone is enough).</summary>
    public static readonly ExportColumn IdNumber = new("身份证号", "idNumber"), Name = new("姓名", "name"),
        Phone = new("手机号", "phone"), Groups = new("人员类别", "groups");

    /// <summary>
    /// An empty roster: the headers, a sample row, and the ID column formatted as text (@) so that Excel keeps all 18
    /// characters of a number typed into it instead of showing 4.41602E+17.
    /// </summary>
    [WolverineGet("/api/roster-template.xlsx"), EndpointSummary("An empty roster (学员花名册) to fill in and upload"), Tags("Enrollments")]
    [ProducesResponseType<byte[]>(200, Training.Progress.Export.Xlsx)]
    public static IResult Get() => Results.File(Workbook(), Training.Progress.Export.Xlsx, "roster-template.xlsx");

    public static byte[] Workbook()
    {
        var sampleId = "44162519900101" + "123";
        sampleId += ResidentId.CheckCharacter(sampleId);
        var rows = new List<Dictionary<string, object?>>
        {
            new()
            {
                [IdNumber.Header] = sampleId, [Name.Header] = "张三", [Phone.Header] = "13800138000",
                [Groups.Header] = string.Join("、", ImportRosterEndpoint.GroupLabels.Keys.Take(2))
            }
        };
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns =
            [
                new DynamicExcelColumn(IdNumber.Header) { Format = "@", Width = 24 },
                new DynamicExcelColumn(Name.Header) { Width = 12 },
                new DynamicExcelColumn(Phone.Header) { Format = "@", Width = 16 },
                new DynamicExcelColumn(Groups.Header) { Width = 30 }
            ]
        };
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: "学员花名册", configuration: configuration);
        return TextColumns(stream.ToArray());
    }

    /// <summary>A class's roster as the export helpers write reports: the import's own columns first, ID numbers masked.</summary>
    public static ExportTable Table(Guid classId, IReadOnlyList<RosterLine> roster)
    {
        var labels = ImportRosterEndpoint.GroupLabels.ToDictionary(l => l.Value, l => l.Key);
        return new ExportTable($"roster-{classId:N}",
        [
            IdNumber with { English = "ID number" }, Name with { English = "Name" }, Groups with { English = "Groups" },
            new("状态", "Status"), new("报名日期", "Enrolled on"), new("结业合格", "Passed"), new("结业日期", "Completed on"),
            new("报名编号", "Enrollment ID"), new("学员编号", "Trainee ID")
        ], roster.Select(s => new object?[]
        {
            s.IdNumberMasked, s.Name, string.Join("、", s.Groups.Select(g => labels.GetValueOrDefault(g, g))), s.Status, s.EnrolledOn,
            s.Passed, s.CompletedOn, s.EnrollmentId, s.TraineeId
        }).ToList());
    }

    /// <summary>
    /// MiniExcel formats the sample's cells as text but leaves the rest of the column general; Excel applies a column's own
    /// style to what is typed into it, so each text-formatted column gets the sample cell's style.
    /// </summary>
    static byte[] TextColumns(byte[] workbook)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string sheet;
            using (var reader = new StreamReader(entry.Open())) sheet = reader.ReadToEnd();
            foreach (var (column, letter) in new[] { (1, "A"), (3, "C") })
                if (Regex.Match(sheet, $"<x:c r=\"{letter}2\"[^>]* s=\"([0-9]+)\"") is { Success: true } cell)
                    sheet = Regex.Replace(sheet, $"<x:col min=\"{column}\" max=\"{column}\"", $"$0 style=\"{cell.Groups[1].Value}\"");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open(), new UTF8Encoding(false));
            writer.Write(sheet);
        }
        return stream.ToArray();
    }
}
