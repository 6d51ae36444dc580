using System.Text.Json;
using Training.Identity;

namespace Training.Dashboard.Tests.Support;

/// <summary>
/// Heyuan (441600) in 2026, loaded through the API on two days so that an as-of date before the second shows less:
/// on 1 March, five 粤菜师傅 trainees in Dongyuan (441625) and three 南粤家政 in Longchuan (441622), and two in Jiangmen
/// (440703, outside Heyuan); on 10 April, four 粤菜师傅 in Longchuan, one Dongyuan trainee withdrawn and one completed,
/// and Dongyuan's own target of 300. The plans' seeded targets (Heyuan 1000 粤菜师傅, 6250 南粤家政) come with the service.
/// </summary>
public sealed class HeyuanWorld : IAsyncLifetime
{
    public const string Heyuan = "441600", Dongyuan = "441625", Longchuan = "441622", Jiangmen = "440703";
    public const string BeforeApril = "2026-03-31";

    public DashboardHost Host { get; } = new("training_dashboard");
    public string Admin { get; private set; } = "";
    public string Bureau { get; private set; } = "";
    int _people, _institutions;

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        Admin = Host.Token("admin", name: "管理员");
        Bureau = Host.Token("bureau", Heyuan, "河源市人社局");

        ClockAt(2026, 3, 1);
        var dongyuan = await Institution("东源县职业技术学校", Dongyuan);
        var longchuan = await Institution("龙川县技工学校", Longchuan);
        var jiangmen = await Institution("江门市技师学院", Jiangmen);
        var dongyuanYuecai = await Class(dongyuan, "yuecai", "2026-03-02");
        var enrolled = await Enroll(dongyuanYuecai, 5);
        await Enroll(await Class(longchuan, "jiazheng", "2026-03-10"), 3);
        await Enroll(await Class(jiangmen, "yuecai", "2026-03-05"), 2);

        ClockAt(2026, 4, 10);
        await Enroll(await Class(longchuan, "yuecai", "2026-04-15"), 4);
        await Host.Send(Admin, HttpMethod.Post, $"/api/classes/{dongyuanYuecai}/enrollments/{enrolled[0]}/withdraw", new { reason = "搬迁" });
        await Host.Send(Admin, HttpMethod.Post, $"/api/classes/{dongyuanYuecai}/enrollments/{enrolled[1]}/complete",
            new { completedOn = "2026-04-10", passed = true });
        await Host.Send(Admin, HttpMethod.Put, $"/api/targets/{Dongyuan}/yuecai/2026", new { value = 300 });

        Host.Clock.AdjustTime(DashboardHost.Now);
    }

    void ClockAt(int year, int month, int day) =>
        Host.Clock.AdjustTime(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(8)));

    async Task<string> Institution(string name, string regionCode)
    {
        var first17 = $"91441600MA{++_institutions:0000000}";
        var created = await Host.Send(Admin, HttpMethod.Post, "/api/institutions",
            new { name, creditCode = first17 + CreditCode.CheckCharacter(first17), kind = "technical-school", regionCode });
        return created.GetProperty("id").GetString()!;
    }

    async Task<string> Class(string institutionId, string programme, string startDate)
    {
        var created = await Host.Send(Admin, HttpMethod.Post, "/api/classes", new
        {
            institutionId, programme, title = "培训班", startDate,
            endDate = DateOnly.Parse(startDate).AddDays(20).ToString("yyyy-MM-dd"), capacity = 50
        });
        return created.GetProperty("id").GetString()!;
    }

    async Task<List<string>> Enroll(string classId, int count)
    {
        var enrollments = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var first17 = $"44162519900101{++_people:000}";
            var created = await Host.Send(Admin, HttpMethod.Post, $"/api/classes/{classId}/enrollments",
                new { idNumber = first17 + ResidentId.CheckCharacter(first17), name = $"学员{_people}" });
            enrollments.Add(created.GetProperty("enrollmentId").GetString()!);
        }
        return enrollments;
    }

    public Task<JsonElement> Api(string url) => Host.Get(Bureau, url);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
