using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Training.Certificates;
using Training.Classes;
using Training.Employment;
using Training.Enrollments;
using Training.Institutions;
using Training.Targets;

namespace Training.Web;

/// <summary>
/// A valid example of every request body and path value, for the API description (contract-test tools send them). Written as
/// the request records themselves, so an example cannot name a field the request lacks; the conformance tests send each one.
/// </summary>
public static class ApiExamples
{
    public static readonly Guid InstitutionId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    public const string IdNumber = "441625199503160414";

    public static readonly IReadOnlyDictionary<Type, object> Bodies = new Dictionary<Type, object>
    {
        [typeof(RegisterInstitutionRequest)] = new RegisterInstitutionRequest("东源县职业技术学校", "91441625MA4UT0001F", "technical-school", "441625"),
        [typeof(RegisterClassRequest)] = new RegisterClassRequest(InstitutionId, "yuecai", "kejia", "客家菜烹饪培训班", null,
            new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 20), 30, "offline", true),
        [typeof(CancelClassRequest)] = new CancelClassRequest("报名人数不足"),
        [typeof(EnrollTraineeRequest)] = new EnrollTraineeRequest(IdNumber, "张三", "13800138000", ["migrant-worker"]),
        [typeof(WithdrawEnrollmentRequest)] = new WithdrawEnrollmentRequest("个人原因"),
        [typeof(CompleteEnrollmentRequest)] = new CompleteEnrollmentRequest(new DateOnly(2026, 3, 20), true),
        [typeof(AwardCertificateRequest)] = new AwardCertificateRequest("S202644160000000000001", IdNumber, "张三", "skill-level",
            "中式烹调师", 5, "yuecai", new DateOnly(2026, 4, 1), "河源市职业技能鉴定中心", null, "441625"),
        [typeof(RevokeCertificateRequest)] = new RevokeCertificateRequest("证书信息有误"),
        [typeof(RecordEmploymentRequest)] = new RecordEmploymentRequest("yuecai", EmploymentStatus.Employed, new DateOnly(2026, 4, 1), null,
            "河源市客家酒楼", null, null),
        [typeof(CorrectEmploymentRequest)] = new CorrectEmploymentRequest(null, new DateOnly(2026, 4, 6), null, null, null, "入职日期有误"),
        [typeof(EndEmploymentRequest)] = new EndEmploymentRequest(new DateOnly(2026, 6, 1), "合同期满"),
        [typeof(SetTargetRequest)] = new SetTargetRequest(1000, "河源市推进“粤菜师傅”工程实施方案"),
    };

    /// <summary>Path values by name.</summary>
    public static readonly IReadOnlyDictionary<string, string> PathValues = new Dictionary<string, string>
    {
        ["id"] = "0192f0c4-7b3e-7c4a-9d1e-5a8f3b2c1d40",
        ["enrollmentId"] = "0192f0c5-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
        ["traineeId"] = "5b1f7c3e-2d4a-4e6b-8c9d-0a1b2c3d4e5f",
        ["outcomeId"] = "0192f0c6-3c4d-7e5f-9a0b-1c2d3e4f5a6b",
        ["certificateNo"] = "S202644160000000000001",
        ["no"] = "S202644160000000000001",
        ["regionCode"] = "441600",
        ["year"] = "2026",
        ["programme"] = "yuecai",
        ["period"] = "2021-2025",
    };

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static JsonNode? Body(Type request) => Bodies.TryGetValue(request, out var body) ? JsonSerializer.SerializeToNode(body, request, Json) : null;
}
