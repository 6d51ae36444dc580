using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using System.Runtime.InteropServices;
using Training.Catalogue;
using Training.Certificates;
using Training.Classes;
using Training.Employment;
using Training.Enrollments;
using Training.Targets;
using static Training.Progress.ProgressTables;

namespace Training.Progress;

/// <summary>
/// Keeps every progress figure as events arrive, a page of events at a time: it loads what the page's events refer to
/// (their enrollments and certificates, and all that is known of each person they touch), applies the events in memory, and writes the
/// changes back with one set-based statement per table, in the daemon's transaction with the page's progression, so a
/// page counts exactly once whatever crashes. Runs asynchronously (see README, "Counting"): an enrollment never waits
/// on the province's counter rows, and a read waits until this projection has passed what was acknowledged before it.
/// </summary>
public sealed class ProgressProjection(NpgsqlDataSource db) : IProjection
{
    public const string Name = "Progress";

    /// <summary>mt_event_progression's name for this projection's one shard.</summary>
    public const string ShardName = Name + ":All";

    /// <summary>The events <see cref="ProgressPage.Apply"/> counts: the daemon fetches no others.</summary>
    public static readonly Type[] Follows =
    [
        typeof(TraineeEnrolled), typeof(EnrollmentWithdrawn), typeof(EnrollmentCompleted), typeof(ClassCancelled),
        typeof(CertificateAwarded), typeof(CertificateRevoked), typeof(EmploymentRecorded), typeof(EmploymentCorrected)
    ];

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var page = new ProgressPage();
        await using (var connection = await db.OpenConnectionAsync(cancellation))
            await page.LoadAsync(connection, events.Select(e => e.Data), cancellation);
        foreach (var e in events) page.Apply(e.Data, ProgressPage.DayOf(e));
        page.Write(operations.QueueSqlCommand);
    }
}

/// <summary>Takes a statement with ? placeholders and its values: Marten's QueueSqlCommand, or a rebuild's own batch.</summary>
public delegate void SqlQueue(string sql, params object[] values);

/// <summary>
/// One page of events: the state it loaded, the changes it made. Events must be applied in sequence order. A rebuild
/// uses it over another generation of the tables (<paramref name="suffix"/>, see <see cref="ProgressRebuild"/>).
/// </summary>
public sealed class ProgressPage(string suffix = "")
{
    readonly string _enrollmentsTable = ProgressTables.Enrollments + suffix, _certificatesTable = ProgressTables.Certificates + suffix,
        _employmentTable = ProgressTables.Employment + suffix, _countsTable = ProgressTables.Counts + suffix, _peopleTable = ProgressTables.People + suffix;

    public sealed class Enrollment
    {
        public Guid Id, ClassId, InstitutionId, TraineeId;
        public string Programme = "", Track = "", RegionCode = "", Status = EnrollmentStatus.Active;
        public int Year, Month;
        public bool Passed;
    }

    public sealed class Certificate
    {
        public string No = "", Programme = "", RegionCode = "", Institution = "", Track = "";
        public Guid TraineeId;
        public int Year, Month;
        public bool Valid;
    }

    public sealed class Outcome
    {
        public Guid Id, TraineeId;
        public string Programme = "", RegionCode = "", Institution = "", Track = "";
        public int Year, Month;
    }

    public readonly record struct CountKey(string Region, string Programme, int Year, string Split, string Code, DateOnly Day);
    public readonly record struct PeopleKey(string Region, string Programme, short Figure, int Year, int Prev, DateOnly Day);
    public readonly record struct SetKey(Guid Trainee, string Region, string Programme, short Figure);

    readonly Dictionary<Guid, Enrollment> _enrollments = new();
    readonly Dictionary<string, Certificate> _certificates = new();
    // A table per person: one table for a page of new people outgrows 85 KB, and each such array is a large object,
    // which only a gen2 collection frees.
    readonly Dictionary<Guid, Dictionary<(string Region, string Programme, short Figure), SortedList<int, int>>> _sets = new();
    readonly Dictionary<(Guid Trainee, string Programme), int> _validCertificates = new();
    readonly Dictionary<Guid, (Guid Institution, string Track)> _classes = new();
    readonly Dictionary<Guid, Outcome> _outcomes = new();

    readonly HashSet<Guid> _changedEnrollments = new();
    readonly HashSet<string> _changedCertificates = new();
    readonly HashSet<Guid> _changedOutcomes = new();
    readonly Dictionary<Guid, List<Enrollment>> _byTrainee = new(), _byClass = new();
    public readonly Dictionary<CountKey, int[]> Counts = new();
    public readonly Dictionary<PeopleKey, int> People = new();

    const int Enrolled = 0, Completed = 1, Withdrawn = 2, Cancelled = 3, Certified = 4, Employed = 5, Figures = 6;

    /// <summary>The day (China Standard Time) the service recorded the event: what an as-of read asks about.</summary>
    public static DateOnly DayOf(IEvent e) => DayOf(e.Timestamp);

    public static DateOnly DayOf(DateTimeOffset timestamp) => DateOnly.FromDateTime(timestamp.ToOffset(TimeSpan.FromHours(8)).DateTime);

    // ---- Loading: two round trips, whatever the page's size.

    public async Task LoadAsync(NpgsqlConnection connection, IEnumerable<object> events, CancellationToken cancellation,
        NpgsqlTransaction? transaction = null)
    {
        var enrollmentIds = new HashSet<Guid>();
        var classIds = new HashSet<Guid>();
        var certificateNos = new HashSet<string>();
        var trainees = new HashSet<Guid>();
        var certificateClasses = new HashSet<Guid>();
        var enrolling = new HashSet<Guid>();
        var outcomeIds = new HashSet<Guid>();
        var employing = new HashSet<Guid>();
        foreach (var e in events)
            switch (e)
            {
                case TraineeEnrolled x: enrollmentIds.Add(x.EnrollmentId); enrolling.Add(x.TraineeId); break;
                case EnrollmentWithdrawn x: enrollmentIds.Add(x.EnrollmentId); break;
                case EnrollmentCompleted x: enrollmentIds.Add(x.EnrollmentId); break;
                case ClassCancelled x: classIds.Add(x.ClassId); break;
                case CertificateAwarded x:
                    certificateNos.Add(x.CertificateNo); trainees.Add(x.TraineeId);
                    if (x.ClassId is { } c) certificateClasses.Add(c);
                    break;
                case CertificateRevoked x: certificateNos.Add(x.CertificateNo); break;
                case EmploymentRecorded x: employing.Add(x.TraineeId); break;
                case EmploymentCorrected x: outcomeIds.Add(x.OutcomeId); employing.Add(x.TraineeId); break;
            }
        if (enrollmentIds.Count + classIds.Count + certificateNos.Count + employing.Count == 0) return; // a page of other events: nothing to load

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // The enrollments the events name, and every enrollment of a cancelled class (the people's own come below).
            batch.BatchCommands.Add(Command($"""
                select enrollment_id, class_id, institution_id, trainee_id, programme, track, region_code, year, month, status, passed
                from {_enrollmentsTable}
                where enrollment_id = any($1) or class_id = any($2)
                """, enrollmentIds.ToArray(), classIds.ToArray()));
            batch.BatchCommands.Add(Command($"""
                select certificate_no, trainee_id, programme, region_code, year, month, institution, track, valid
                from {_certificatesTable} where certificate_no = any($1)
                """, certificateNos.ToArray()));
            batch.BatchCommands.Add(Command($"""
                select distinct on (class_id) class_id, institution_id, track from {_enrollmentsTable} where class_id = any($1)
                """, certificateClasses.ToArray()));
            batch.BatchCommands.Add(Command($"""
                select outcome_id, trainee_id, programme, region_code, institution, track, year, month
                from {_employmentTable} where outcome_id = any($1)
                """, outcomeIds.ToArray()));
            await using var reader = await batch.ExecuteReaderAsync(cancellation);
            await ReadEnrollmentsAsync(reader, cancellation);
            await reader.NextResultAsync(cancellation);
            await ReadCertificatesAsync(reader, cancellation);
            await reader.NextResultAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                _classes[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetString(2));
            await reader.NextResultAsync(cancellation);
            await ReadOutcomesAsync(reader, cancellation);
        }

        // Everyone the page touches, with all that is known of them: the years they count in for each figure follow from it.
        trainees.UnionWith(enrolling);
        trainees.UnionWith(employing);
        foreach (var x in _enrollments.Values) trainees.Add(x.TraineeId);
        foreach (var x in _certificates.Values) trainees.Add(x.TraineeId); // the holders of revoked certificates, known only now
        foreach (var x in _outcomes.Values) trainees.Add(x.TraineeId);
        var people = trainees.ToArray();
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command($"""
                select enrollment_id, class_id, institution_id, trainee_id, programme, track, region_code, year, month, status, passed
                from {_enrollmentsTable} where trainee_id = any($1)
                """, people));
            batch.BatchCommands.Add(Command($"""
                select certificate_no, trainee_id, programme, region_code, year, month, institution, track, valid
                from {_certificatesTable} where trainee_id = any($1)
                """, people));
            batch.BatchCommands.Add(Command($"""
                select outcome_id, trainee_id, programme, region_code, institution, track, year, month
                from {_employmentTable} where trainee_id = any($1)
                """, people));
            await using var reader = await batch.ExecuteReaderAsync(cancellation);
            await ReadEnrollmentsAsync(reader, cancellation);
            await reader.NextResultAsync(cancellation);
            await ReadCertificatesAsync(reader, cancellation);
            await reader.NextResultAsync(cancellation);
            await ReadOutcomesAsync(reader, cancellation);
        }
        Hold();
    }

    /// <summary>
    /// Each loaded person's reasons to be in a figure's set for a year, counted: an enrollment that counts (active or
    /// completed), a passed completion, the same while they hold a valid certificate of its programme, a valid certificate,
    /// an employment outcome. <see cref="Member"/> keeps these counts as the page's events change them.
    /// </summary>
    void Hold()
    {
        foreach (var c in _certificates.Values.Where(c => c.Valid))
        {
            _validCertificates[(c.TraineeId, c.Programme)] = _validCertificates.GetValueOrDefault((c.TraineeId, c.Programme)) + 1;
            Hold(c.TraineeId, c.RegionCode, c.Programme, CertifiedTrainees, c.Year);
        }
        foreach (var f in _enrollments.Values)
        {
            var (_, trainee, completed) = Contribution(f.Status, f.Passed);
            if (trainee) Hold(f.TraineeId, f.RegionCode, f.Programme, ProgressTables.Trainees, f.Year);
            if (!completed) continue;
            Hold(f.TraineeId, f.RegionCode, f.Programme, CompletedTrainees, f.Year);
            if (_validCertificates.GetValueOrDefault((f.TraineeId, f.Programme)) > 0)
                Hold(f.TraineeId, f.RegionCode, f.Programme, CertifiedCompletedTrainees, f.Year);
        }
        foreach (var o in _outcomes.Values) Hold(o.TraineeId, o.RegionCode, o.Programme, EmployedPeople, o.Year);
    }

    void Hold(Guid trainee, string regionCode, string programme, short figure, int year)
    {
        foreach (var region in Levels(regionCode))
        foreach (var p in (string[])[programme, Target.AllProgrammes])
        {
            var years = Set(new SetKey(trainee, region, p, figure));
            years[year] = years.GetValueOrDefault(year) + 1;
        }
    }

    async Task ReadCertificatesAsync(NpgsqlDataReader reader, CancellationToken cancellation)
    {
        while (await reader.ReadAsync(cancellation))
            _certificates.TryAdd(reader.GetString(0), new Certificate
            {
                No = reader.GetString(0), TraineeId = reader.GetGuid(1), Programme = reader.GetString(2), RegionCode = reader.GetString(3),
                Year = reader.GetInt32(4), Month = reader.GetInt32(5), Institution = reader.GetString(6), Track = reader.GetString(7),
                Valid = reader.GetBoolean(8)
            });
    }

    async Task ReadOutcomesAsync(NpgsqlDataReader reader, CancellationToken cancellation)
    {
        while (await reader.ReadAsync(cancellation))
            _outcomes.TryAdd(reader.GetGuid(0), new Outcome
            {
                Id = reader.GetGuid(0), TraineeId = reader.GetGuid(1), Programme = reader.GetString(2), RegionCode = reader.GetString(3),
                Institution = reader.GetString(4), Track = reader.GetString(5), Year = reader.GetInt32(6), Month = reader.GetInt32(7)
            });
    }

    async Task ReadEnrollmentsAsync(NpgsqlDataReader reader, CancellationToken cancellation)
    {
        while (await reader.ReadAsync(cancellation))
        {
            var f = new Enrollment
            {
                Id = reader.GetGuid(0), ClassId = reader.GetGuid(1), InstitutionId = reader.GetGuid(2), TraineeId = reader.GetGuid(3),
                Programme = reader.GetString(4), Track = reader.GetString(5), RegionCode = reader.GetString(6), Year = reader.GetInt32(7),
                Month = reader.GetInt32(8), Status = reader.GetString(9), Passed = reader.GetBoolean(10)
            };
            if (_enrollments.TryAdd(f.Id, f)) Index(f);
        }
    }

    static NpgsqlBatchCommand Command(string sql, params Array[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    SortedList<int, int> Set(SetKey key)
    {
        ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(_sets, key.Trainee, out _);
        mine ??= new();
        ref var years = ref CollectionsMarshal.GetValueRefOrAddDefault(mine, (key.Region, key.Programme, key.Figure), out _);
        return years ??= new SortedList<int, int>();
    }

    void Index(Enrollment f)
    {
        (_byTrainee.TryGetValue(f.TraineeId, out var mine) ? mine : _byTrainee[f.TraineeId] = []).Add(f);
        (_byClass.TryGetValue(f.ClassId, out var theirs) ? theirs : _byClass[f.ClassId] = []).Add(f);
    }

    // ---- Applying, in memory.

    public void Apply(object e, DateOnly day)
    {
        switch (e)
        {
            case TraineeEnrolled x when !_enrollments.ContainsKey(x.EnrollmentId):
                var enrollment = new Enrollment
                {
                    Id = x.EnrollmentId, ClassId = x.ClassId, InstitutionId = x.InstitutionId, TraineeId = x.TraineeId, Programme = x.Programme,
                    Track = x.Track ?? "", RegionCode = x.RegionCode, Year = x.ClassStartDate.Year, Month = x.ClassStartDate.Month
                };
                _enrollments[x.EnrollmentId] = enrollment;
                Index(enrollment);
                _classes.TryAdd(x.ClassId, (x.InstitutionId, enrollment.Track));
                _changedEnrollments.Add(x.EnrollmentId);
                Change(enrollment, EnrollmentStatus.Active, false, day, isNew: true);
                break;
            case EnrollmentWithdrawn x when _enrollments.TryGetValue(x.EnrollmentId, out var withdrawn):
                Change(withdrawn, EnrollmentStatus.Withdrawn, withdrawn.Passed, day);
                break;
            case EnrollmentCompleted x when _enrollments.TryGetValue(x.EnrollmentId, out var completed):
                Change(completed, EnrollmentStatus.Completed, x.Passed, day);
                break;
            case ClassCancelled x:
                foreach (var cancelled in _byClass.GetValueOrDefault(x.ClassId, []).Where(f => f.Status == EnrollmentStatus.Active).ToList())
                    Change(cancelled, EnrollmentStatus.Cancelled, cancelled.Passed, day);
                break;
            case CertificateAwarded x when !_certificates.ContainsKey(x.CertificateNo):
                // The class's institution and track, from any enrollment in it: the holder was enrolled in it (AwardCertificate checks).
                (Guid Institution, string Track)? inClass = x.ClassId is { } classId && _classes.TryGetValue(classId, out var found) ? found : null;
                var certificate = new Certificate
                {
                    No = x.CertificateNo, TraineeId = x.TraineeId, Programme = x.Programme, RegionCode = x.RegionCode, Year = x.AwardedOn.Year,
                    Month = x.AwardedOn.Month, Institution = inClass?.Institution.ToString() ?? "", Track = inClass?.Track ?? "", Valid = true
                };
                _certificates[x.CertificateNo] = certificate;
                _changedCertificates.Add(x.CertificateNo);
                Certify(certificate, +1, day);
                break;
            case CertificateRevoked x when _certificates.TryGetValue(x.CertificateNo, out var revoked) && revoked.Valid:
                revoked.Valid = false;
                _changedCertificates.Add(x.CertificateNo);
                Certify(revoked, -1, day);
                break;
            case EmploymentRecorded x when !_outcomes.ContainsKey(x.OutcomeId):
                var outcome = new Outcome
                {
                    Id = x.OutcomeId, TraineeId = x.TraineeId, Programme = x.Programme, RegionCode = x.RegionCode,
                    Institution = x.InstitutionId.ToString(), Track = x.Track ?? "", Year = x.Since.Year, Month = x.Since.Month
                };
                _outcomes[x.OutcomeId] = outcome;
                _changedOutcomes.Add(x.OutcomeId);
                Employ(outcome, +1, day);
                break;
            case EmploymentCorrected x when _outcomes.TryGetValue(x.OutcomeId, out var moved)
                                            && (moved.Year, moved.Month) != (x.Since.Year, x.Since.Month):
                // From the day the correction was recorded, the outcome counts at its new date (an ended one too).
                Employ(moved, -1, day);
                (moved.Year, moved.Month) = (x.Since.Year, x.Since.Month);
                _changedOutcomes.Add(x.OutcomeId);
                Employ(moved, +1, day);
                break;
        }
    }

    /// <summary>What an enrollment in a state contributes: the additive figures, and the sets it puts its person in.</summary>
    (int[] Figures, bool Trainee, bool Completed) Contribution(string status, bool passed)
    {
        var counted = status is EnrollmentStatus.Active or EnrollmentStatus.Completed;
        var completed = status == EnrollmentStatus.Completed && passed;
        return ([counted ? 1 : 0, completed ? 1 : 0, status == EnrollmentStatus.Withdrawn ? 1 : 0, status == EnrollmentStatus.Cancelled ? 1 : 0, 0, 0],
            counted, completed);
    }

    void Change(Enrollment f, string status, bool passed, DateOnly day, bool isNew = false)
    {
        var (before, wasTrainee, wasCompleted) = isNew ? (new int[Figures], false, false) : Contribution(f.Status, f.Passed);
        var (after, isTrainee, isCompleted) = Contribution(status, passed);
        f.Status = status;
        f.Passed = passed;
        _changedEnrollments.Add(f.Id);

        var delta = new int[Figures];
        for (var i = 0; i < Figures; i++) delta[i] = after[i] - before[i];
        var certified = _validCertificates.GetValueOrDefault((f.TraineeId, f.Programme)) > 0;
        if (delta.Any(d => d != 0)) Count(f.RegionCode, f.Programme, f.Year, f.InstitutionId.ToString(), f.Track, f.Month, day, delta);
        foreach (var region in Levels(f.RegionCode))
        foreach (var programme in (string[])[f.Programme, Target.AllProgrammes])
        {
            Member(new SetKey(f.TraineeId, region, programme, ProgressTables.Trainees), f.Year, Diff(wasTrainee, isTrainee), day);
            Member(new SetKey(f.TraineeId, region, programme, CompletedTrainees), f.Year, Diff(wasCompleted, isCompleted), day);
            if (certified)
                Member(new SetKey(f.TraineeId, region, programme, CertifiedCompletedTrainees), f.Year, Diff(wasCompleted, isCompleted), day);
        }
    }

    static int Diff(bool before, bool after) => (after ? 1 : 0) - (before ? 1 : 0);

    void Certify(Certificate c, int sign, DateOnly day)
    {
        var delta = new int[Figures];
        delta[Certified] = sign;
        Count(c.RegionCode, c.Programme, c.Year, c.Institution, c.Track, c.Month, day, delta);
        foreach (var region in Levels(c.RegionCode))
        foreach (var programme in new[] { c.Programme, Target.AllProgrammes })
            Member(new SetKey(c.TraineeId, region, programme, CertifiedTrainees), c.Year, sign, day);

        // The certified share: the holder's passed completions of the programme count once they hold one valid certificate of it.
        var key = (c.TraineeId, c.Programme);
        var before = _validCertificates.GetValueOrDefault(key);
        _validCertificates[key] = before + sign;
        if ((before > 0) == (before + sign > 0)) return;
        foreach (var f in _byTrainee.GetValueOrDefault(c.TraineeId, []).Where(f => f.Programme == c.Programme
                                                           && f.Status == EnrollmentStatus.Completed && f.Passed))
        foreach (var region in Levels(f.RegionCode))
        foreach (var programme in new[] { f.Programme, Target.AllProgrammes })
            Member(new SetKey(f.TraineeId, region, programme, CertifiedCompletedTrainees), f.Year, sign, day);
    }

    /// <summary>An outcome counts for its class's region, institution and track, in the year and month it began.</summary>
    void Employ(Outcome o, int sign, DateOnly day)
    {
        var delta = new int[Figures];
        delta[Employed] = sign;
        Count(o.RegionCode, o.Programme, o.Year, o.Institution, o.Track, o.Month, day, delta);
        foreach (var region in Levels(o.RegionCode))
        foreach (var programme in new[] { o.Programme, Target.AllProgrammes })
            Member(new SetKey(o.TraineeId, region, programme, EmployedPeople), o.Year, sign, day);
    }

    /// <summary>
    /// An additive delta at every level of its region: the total of its programme and its breakdowns by institution, track
    /// and month. Nothing is written for all programmes: a read of them sums the programmes' rows (see ProgressTables.Whole).
    /// </summary>
    void Count(string regionCode, string programme, int year, string institution, string track, int month, DateOnly day, int[] delta)
    {
        foreach (var region in Levels(regionCode))
        {
            Add(new CountKey(region, programme, year, Whole, "", day), delta);
            Add(new CountKey(region, programme, year, ByInstitution, institution, day), delta);
            Add(new CountKey(region, programme, year, ByTrack, track, day), delta);
            Add(new CountKey(region, programme, year, ByMonth, Months[month], day), delta);
        }
    }

    static readonly string[] Months = Enumerable.Range(0, 13).Select(m => $"{m}").ToArray();
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> LevelsOf = new();

    /// <summary>A region and every region above it: county, city, province (a class of a city counts for the city and the province).</summary>
    public static string[] Levels(string regionCode) => LevelsOf.GetOrAdd(regionCode, code =>
    {
        var region = new Region(code, "");
        return new[] { region.Code, region.CityCode, region.ProvinceCode }.OfType<string>().Distinct().ToArray();
    });

    void Add(CountKey key, int[] delta)
    {
        ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(Counts, key, out _);
        sums ??= new int[Figures];
        for (var i = 0; i < Figures; i++) sums[i] += delta[i];
    }

    /// <summary>
    /// One more (or one fewer) reason for a person to be in a figure's set for a year. When the year enters or leaves the
    /// person's set, the (year, previous year) pairs around it change: see <see cref="ProgressTables.People"/>.
    /// </summary>
    void Member(SetKey key, int year, int change, DateOnly day)
    {
        if (change == 0) return;
        var years = Set(key);
        var before = years.GetValueOrDefault(year);
        var after = before + change;
        if (after < 0) throw new InvalidOperationException($"{key} {year}: a person left a set they were not in");
        if (after == 0) years.Remove(year); else years[year] = after;
        if ((before > 0) == (after > 0)) return;

        var sign = after > 0 ? 1 : -1;
        var prev = 0;
        int? next = null;
        foreach (var y in years.Keys)
        {
            if (y < year) prev = y;
            else if (y > year) { next = y; break; }
        }
        Person(key, year, prev, sign, day);
        if (next is { } n)
        {
            Person(key, n, prev, -sign, day);
            Person(key, n, year, sign, day);
        }
    }

    void Person(SetKey key, int year, int prev, int delta, DateOnly day)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(People,
            new PeopleKey(key.Region, key.Programme, key.Figure, year, prev, day), out _) += delta;
    }

    // ---- Writing: one statement per table, the deltas added to what is there.

    /// <summary>Hands each statement to <paramref name="queue"/> (SQL with ? placeholders, and its values).</summary>
    public void Write(SqlQueue queue)
    {
        if (_changedEnrollments.Count > 0)
        {
            var rows = _changedEnrollments.Select(id => _enrollments[id]).ToList();
            queue($"""
                insert into {_enrollmentsTable} (enrollment_id, class_id, institution_id, trainee_id, programme, track, region_code, year, month, status, passed)
                select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::boolean[])
                on conflict (enrollment_id) do update set status = excluded.status, passed = excluded.passed
                """,
                rows.Select(f => f.Id).ToArray(), rows.Select(f => f.ClassId).ToArray(), rows.Select(f => f.InstitutionId).ToArray(),
                rows.Select(f => f.TraineeId).ToArray(), rows.Select(f => f.Programme).ToArray(), rows.Select(f => f.Track).ToArray(),
                rows.Select(f => f.RegionCode).ToArray(), rows.Select(f => f.Year).ToArray(), rows.Select(f => f.Month).ToArray(),
                rows.Select(f => f.Status).ToArray(), rows.Select(f => f.Passed).ToArray());
        }
        if (_changedCertificates.Count > 0)
        {
            var rows = _changedCertificates.Select(no => _certificates[no]).ToList();
            queue($"""
                insert into {_certificatesTable} (certificate_no, trainee_id, programme, region_code, year, month, institution, track, valid)
                select * from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::boolean[])
                on conflict (certificate_no) do update set valid = excluded.valid
                """,
                rows.Select(c => c.No).ToArray(), rows.Select(c => c.TraineeId).ToArray(), rows.Select(c => c.Programme).ToArray(),
                rows.Select(c => c.RegionCode).ToArray(), rows.Select(c => c.Year).ToArray(), rows.Select(c => c.Month).ToArray(),
                rows.Select(c => c.Institution).ToArray(), rows.Select(c => c.Track).ToArray(), rows.Select(c => c.Valid).ToArray());
        }
        if (_changedOutcomes.Count > 0)
        {
            var rows = _changedOutcomes.Select(id => _outcomes[id]).ToList();
            queue($"""
                insert into {_employmentTable} (outcome_id, trainee_id, programme, region_code, institution, track, year, month)
                select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[])
                on conflict (outcome_id) do update set year = excluded.year, month = excluded.month
                """,
                rows.Select(o => o.Id).ToArray(), rows.Select(o => o.TraineeId).ToArray(), rows.Select(o => o.Programme).ToArray(),
                rows.Select(o => o.RegionCode).ToArray(), rows.Select(o => o.Institution).ToArray(), rows.Select(o => o.Track).ToArray(),
                rows.Select(o => o.Year).ToArray(), rows.Select(o => o.Month).ToArray());
        }
        // Each day's delta goes to two rows: its day's and its month's (see ProgressTables.Month). PostgreSQL spreads and sums
        // them, so a page sends one row per day and key, and no two rows of a statement meet.
        var counts = Counts.Where(r => r.Value.Any(v => v != 0)).ToList();
        if (counts.Count > 0)
            queue($"""
                insert into {_countsTable} as t (region, programme, year, split, code, grain, day, enrolled, completed, withdrawn, cancelled, certified, employed)
                select d.region, d.programme, d.year, d.split, d.code, g.grain, g.day,
                  sum(d.en), sum(d.co), sum(d.wi), sum(d.ca), sum(d.ce), sum(d.em)
                from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::date[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
                  d(region, programme, year, split, code, day, en, co, wi, ca, ce, em)
                cross join lateral {GrainsOf("d.day")}
                group by 1, 2, 3, 4, 5, 6, 7
                having (sum(d.en), sum(d.co), sum(d.wi), sum(d.ca), sum(d.ce), sum(d.em)) <> (0, 0, 0, 0, 0, 0)
                on conflict (region, split, grain, year, programme, day, code) do update set
                  enrolled = t.enrolled + excluded.enrolled, completed = t.completed + excluded.completed,
                  withdrawn = t.withdrawn + excluded.withdrawn, cancelled = t.cancelled + excluded.cancelled,
                  certified = t.certified + excluded.certified, employed = t.employed + excluded.employed
                """,
                counts.Select(r => r.Key.Region).ToArray(), counts.Select(r => r.Key.Programme).ToArray(),
                counts.Select(r => r.Key.Year).ToArray(), counts.Select(r => r.Key.Split).ToArray(),
                counts.Select(r => r.Key.Code).ToArray(), counts.Select(r => r.Key.Day).ToArray(),
                counts.Select(r => r.Value[Enrolled]).ToArray(), counts.Select(r => r.Value[Completed]).ToArray(),
                counts.Select(r => r.Value[Withdrawn]).ToArray(), counts.Select(r => r.Value[Cancelled]).ToArray(),
                counts.Select(r => r.Value[Certified]).ToArray(), counts.Select(r => r.Value[Employed]).ToArray());

        var people = People.Where(r => r.Value != 0).ToList();
        if (people.Count > 0)
            queue($"""
                insert into {_peopleTable} as t (region, programme, figure, year, prev, grain, day, delta)
                select d.region, d.programme, d.figure, d.year, d.prev, g.grain, g.day, sum(d.delta)
                from unnest(?::text[], ?::text[], ?::smallint[], ?::int[], ?::int[], ?::date[], ?::int[]) d(region, programme, figure, year, prev, day, delta)
                cross join lateral {GrainsOf("d.day")}
                group by 1, 2, 3, 4, 5, 6, 7
                having sum(d.delta) <> 0
                on conflict (region, grain, year, programme, figure, prev, day) do update set delta = t.delta + excluded.delta
                """,
                people.Select(r => r.Key.Region).ToArray(), people.Select(r => r.Key.Programme).ToArray(),
                people.Select(r => r.Key.Figure).ToArray(), people.Select(r => r.Key.Year).ToArray(),
                people.Select(r => r.Key.Prev).ToArray(), people.Select(r => r.Key.Day).ToArray(), people.Select(r => r.Value).ToArray());
    }
}
