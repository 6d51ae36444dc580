using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Training.Targets;

namespace Training.Progress;

/// <summary>
/// The tables of <see cref="ProgressProjection"/>. Its private state: one row per enrollment, certificate and employment outcome
/// (what a later event needs to know about them). The years a person counts in for each region, programme and figure follow
/// from their rows (see <see cref="ProgressPage"/>), so they are not stored: a rebuild has no per-person sets to write.
/// Its answers: <see cref="Counts"/> (additive figures) and <see cref="People"/> (distinct people), both per-day deltas.
/// </summary>
public static class ProgressTables
{
    public const string Schema = "training";
    public const string Enrollments = "training.progress_enrollments", Certificates = "training.progress_certificates",
        Employment = "training.progress_employment", Counts = "training.progress_counts", People = "training.progress_people";

    /// <summary>
    /// Each delta is written twice: to its month (grain 1, the month's first day) and to its day (grain 2), so a read sums at
    /// most a year of months, and "as of D" the months before D's month and the days of D's month, never a year of days.
    /// Grain 0, the running total that earlier versions also wrote (a third of every page's row updates), is no longer
    /// written or read: the months sum to it.
    /// </summary>
    public const short Month = 1, Day = 2;

    /// <summary>
    /// The two rows a day's delta (<paramref name="day"/>, a SQL expression) is written to, as a lateral <c>values</c> list
    /// g(grain, day): its month's (the month's first day) and its own.
    /// </summary>
    public static string GrainsOf(string day) =>
        $"(values ({Month}::smallint, date_trunc('month', {day})::date), ({Day}::smallint, {day})) g(grain, day)";

    /// <summary>
    /// The splits of <see cref="Counts"/>: the total ('') and the breakdowns by institution, track and month, each kept per
    /// programme only. A read of all programmes sums the programmes' rows (<see cref="ProgrammeRows"/>). Earlier versions
    /// also wrote rows for all programmes: those are no longer read, and a rebuild does not write them.
    /// </summary>
    public const string Whole = "", ByInstitution = "institution", ByTrack = "track", ByMonth = "month";

    /// <summary>
    /// The <see cref="Counts"/> rows of a programme (<paramref name="programme"/>, a SQL expression), or of every programme
    /// when it is <see cref="Target.AllProgrammes"/>: never the rows earlier versions wrote for all programmes.
    /// </summary>
    public static string ProgrammeRows(string programme, string alias = "t") =>
        $"({programme} <> '{Target.AllProgrammes}' and {alias}.programme = {programme} or {programme} = '{Target.AllProgrammes}' and {alias}.programme <> '{Target.AllProgrammes}')";

    /// <summary>The distinct-people figures of <see cref="People"/>.</summary>
    public const short Trainees = 1, CompletedTrainees = 2, CertifiedTrainees = 3, CertifiedCompletedTrainees = 4, EmployedPeople = 5;

    static Table New(string name) => new(new PostgresqlObjectName(Schema, name, SchemaUtils.IdentifierUsage.General));

    public static IEnumerable<Table> All()
    {
        var enrollments = New("progress_enrollments");
        enrollments.AddColumn<Guid>("enrollment_id").AsPrimaryKey();
        enrollments.AddColumn<Guid>("class_id").NotNull();
        enrollments.AddColumn<Guid>("institution_id").NotNull();
        enrollments.AddColumn<Guid>("trainee_id").NotNull();
        enrollments.AddColumn("programme", "text").NotNull();
        enrollments.AddColumn("track", "text").NotNull(); // '' for none
        enrollments.AddColumn("region_code", "text").NotNull();
        enrollments.AddColumn<int>("year").NotNull();
        enrollments.AddColumn<int>("month").NotNull();
        enrollments.AddColumn("status", "text").NotNull();
        enrollments.AddColumn<bool>("passed").NotNull();
        enrollments.Indexes.Add(new IndexDefinition("ix_progress_enrollments_class") { Columns = ["class_id"] });
        enrollments.Indexes.Add(new IndexDefinition("ix_progress_enrollments_trainee") { Columns = ["trainee_id"] });
        yield return enrollments;

        var certificates = New("progress_certificates");
        certificates.AddColumn("certificate_no", "text").AsPrimaryKey();
        certificates.AddColumn<Guid>("trainee_id").NotNull();
        certificates.AddColumn("programme", "text").NotNull();
        certificates.AddColumn("region_code", "text").NotNull();
        certificates.AddColumn<int>("year").NotNull();
        certificates.AddColumn<int>("month").NotNull();
        certificates.AddColumn("institution", "text").NotNull(); // '' when it followed no class
        certificates.AddColumn("track", "text").NotNull();
        certificates.AddColumn<bool>("valid").NotNull();
        certificates.Indexes.Add(new IndexDefinition("ix_progress_certificates_trainee") { Columns = ["trainee_id"] });
        yield return certificates;

        // Where an employment outcome counts: a correction of its date moves it from there.
        var employment = New("progress_employment");
        employment.AddColumn<Guid>("outcome_id").AsPrimaryKey();
        employment.AddColumn<Guid>("trainee_id").NotNull();
        employment.AddColumn("programme", "text").NotNull();
        employment.AddColumn("region_code", "text").NotNull();
        employment.AddColumn("institution", "text").NotNull();
        employment.AddColumn("track", "text").NotNull();
        employment.AddColumn<int>("year").NotNull();
        employment.AddColumn<int>("month").NotNull();
        employment.Indexes.Add(new IndexDefinition("ix_progress_employment_trainee") { Columns = ["trainee_id"] });
        yield return employment;

        var counts = New("progress_counts");
        // Keyed in the order a read narrows them: region, split and grain by equality, then the years, so a read of the
        // total never walks the rows of the splits or of other grains.
        counts.AddColumn("region", "text").AsPrimaryKey();
        counts.AddColumn("split", "text").AsPrimaryKey();
        counts.AddColumn<short>("grain").AsPrimaryKey();
        counts.AddColumn<int>("year").AsPrimaryKey();
        counts.AddColumn("programme", "text").AsPrimaryKey();
        counts.AddColumn("day", "date").AsPrimaryKey();
        counts.AddColumn("code", "text").AsPrimaryKey();
        foreach (var figure in new[] { "enrolled", "completed", "withdrawn", "cancelled", "certified" })
            counts.AddColumn<int>(figure).NotNull();
        counts.AddColumn<int>("employed").NotNull().DefaultValueByExpression("0"); // added later: rows before it had none

        yield return counts;

        // Distinct people over any span of years [a, b]: a person counts once, at the first of their years in the span, which
        // is a year y in [a, b] whose previous year in their set (prev, 0 for none) is before a. So the rows keep, per year and
        // previous year, how many people have that pair: a span sums the rows with y in [a, b] and prev < a.
        var people = New("progress_people");
        people.AddColumn("region", "text").AsPrimaryKey();
        people.AddColumn<short>("grain").AsPrimaryKey();
        people.AddColumn<int>("year").AsPrimaryKey();
        people.AddColumn("programme", "text").AsPrimaryKey();
        people.AddColumn<short>("figure").AsPrimaryKey();
        people.AddColumn<int>("prev").AsPrimaryKey();
        people.AddColumn("day", "date").AsPrimaryKey();
        people.AddColumn<int>("delta").NotNull();
        yield return people;
    }

    public static readonly string[] Names = [Enrollments, Certificates, Employment, Counts, People];

    /// <summary>Tables of earlier layouts, dropped when a rebuild switches generations: each person's sets, one text row a person.</summary>
    public static readonly string[] Retired = ["training.progress_members"];
}
