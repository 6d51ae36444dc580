using Training.Classes;
using Training.Targets;
using static Training.Progress.ProgressTables;

namespace Training.Progress;

/// <summary>
/// The rebuild's set-based part: every progress table of the next generation computed from <c>mt_events</c> up to an event
/// sequence with a handful of <c>insert … select … group by</c>, the same figures <see cref="ProgressPage"/> keeps one
/// event at a time. It reads the event JSON in SQL and relies on what the commands guarantee: an enrollment leaves
/// <c>active</c> at most once (withdrawn, completed, or cancelled with its class), a certificate is awarded once and revoked
/// at most once, an outcome is recorded once. Deltas are filed under the day (China Standard Time) of the event that made
/// them, as the projection files them. Distinct people: each person's reasons to count in a (region, programme, figure,
/// year) become intervals of event sequences; where the number of reasons crosses zero the person's set of years changes,
/// and each change adds the set's new (year, previous year) pairs and takes away the old ones (see <see cref="People"/>).
/// It runs in two phases: <see cref="Staging"/> reads the events once into the enrollments, certificates and outcomes as
/// they stand (unlogged tables of the schema, so that other connections see them), then the <see cref="Lanes"/>, each on a
/// connection of its own at the same time, write the next generation's tables from them and index them.
/// </summary>
public static class ProgressRebuildSql
{
    const string Day = "((e.timestamp at time zone 'UTC') + interval '8 hours')::date";

    /// <summary>
    /// The staging tables: what the lanes read, with the enrollments, which are staged straight into the next generation's
    /// table (with the columns the lanes need as well, which <see cref="Finish"/> drops). Dropped when the rebuild ends
    /// (and before it starts).
    /// </summary>
    public const string StagedEvents = "training.progress_rebuild_events", StagedCertificates = "training.progress_rebuild_certificates",
        StagedOutcomes = "training.progress_rebuild_outcomes", StagedLevels = "training.progress_rebuild_levels";

    public static readonly string[] Staged = [StagedEvents, StagedCertificates, StagedOutcomes, StagedLevels];

    /// <summary>The staged enrollments' columns that the next generation's table does not keep.</summary>
    static readonly string[] StagingColumns = ["seq", "day", "t_seq", "t_day"];

    /// <summary>
    /// The first phase, on one connection: what it prints, and its SQL, over the events up to <paramref name="until"/>.
    /// Its tables are analyzed as they are made: without statistics the planner guesses their joins' sizes.
    /// </summary>
    public static IEnumerable<(string Step, string Sql)> Staging(string next, long until) => Analyzed(StagingUnanalyzed(next, until));

    /// <summary>The second phase: lanes of steps, each lane on a connection of its own, all at once.</summary>
    public static IEnumerable<(string Step, string Sql)>[] Lanes(string next) =>
        [Analyzed(Counts(next)), Analyzed(People(next)), States(next)];

    static IEnumerable<(string Step, string Sql)> Analyzed(IEnumerable<(string Step, string Sql)> steps)
    {
        foreach (var step in steps)
        {
            yield return step;
            if (System.Text.RegularExpressions.Regex.Match(step.Sql, @"(?m)^create (?:temp |unlogged )?table ([\w.]+)") is { Success: true } created)
                yield return ("", $"analyze {created.Groups[1].Value}");
        }
    }

    /// <summary>
    /// Once every lane is done reading it: the next generation's enrollments table as the schema has it, indexed while
    /// nothing else runs (built during the lanes, its indexes took several times as long).
    /// </summary>
    public static string Finish(string next) =>
        $"alter table {ProgressTables.Enrollments + next} {string.Join(", ", StagingColumns.Select(c => $"drop column {c}"))}, " +
        string.Join(", ", ProgressTables.All().Single(t => t.Identifier.QualifiedName == ProgressTables.Enrollments).Columns
            .Select(c => $"alter column {c.Name} set not null")) + "; " +
        ProgressRebuild.IndexesLike([ProgressTables.Enrollments], next);

    static IEnumerable<(string Step, string Sql)> StagingUnanalyzed(string next, long until)
    {
        // One scan of the events, by as many workers as the server will start (the JSON is taken apart in each): each
        // progress event's fields, typed, in a narrow table. Unlogged, not temporary, so that the joins over it below can be
        // shared between workers too.
        yield return ("", "set local parallel_setup_cost = 0; set local parallel_tuple_cost = 0");
        yield return ("events", $"""
            create unlogged table {StagedEvents} as
            select e.seq_id as seq, {Day} as day,
              case e.type when 'trainee_enrolled' then 1 when 'enrollment_withdrawn' then 2 when 'enrollment_completed' then 3
                when 'class_cancelled' then 4 when 'certificate_awarded' then 5 when 'certificate_revoked' then 6
                when 'employment_recorded' then 7 else 8 end::smallint as kind,
              coalesce(e.data->>'enrollmentId', e.data->>'outcomeId')::uuid as id, (e.data->>'classId')::uuid as class_id,
              (e.data->>'institutionId')::uuid as institution_id, (e.data->>'traineeId')::uuid as trainee_id,
              e.data->>'programme' as programme, coalesce(e.data->>'track', '') as track, e.data->>'regionCode' as region,
              (case e.type when 'trainee_enrolled' then e.data->>'classStartDate' when 'certificate_awarded' then e.data->>'awardedOn'
                else e.data->>'since' end)::date as d,
              (e.data->>'passed')::boolean as passed, e.data->>'certificateNo' as no
            from training.mt_events e
            where e.seq_id <= {until} and e.type in ('trainee_enrolled', 'enrollment_withdrawn', 'enrollment_completed', 'class_cancelled',
              'certificate_awarded', 'certificate_revoked', 'employment_recorded', 'employment_corrected')
            """);
        yield return ("progress events", $"select count(*) from {StagedEvents}");

        // Enrollments, and the one event that took each out of active: the first withdrawal, completion or cancellation of its
        // class after it.
        yield return ("enrollments", $"""
            drop table {ProgressTables.Enrollments + next};
            create table {ProgressTables.Enrollments + next} as
            with classes as (select class_id, min(seq) as seq from {StagedEvents} where kind = 1 group by class_id),
            terminal as (
              select distinct on (x.id) x.id, x.seq, x.day, x.status, x.passed from (
                select w.id, w.seq, w.day, case w.kind when 2 then '{EnrollmentStatus.Withdrawn}' else '{EnrollmentStatus.Completed}' end as status,
                  w.kind = 3 and coalesce(w.passed, false) as passed
                from {StagedEvents} w where w.kind in (2, 3)
                union all
                select n.id, c.seq, c.day, '{EnrollmentStatus.Cancelled}', false
                from {StagedEvents} c join classes k on k.class_id = c.class_id and k.seq < c.seq
                join {StagedEvents} n on n.kind = 1 and n.class_id = c.class_id and n.seq < c.seq
                where c.kind = 4) x
              order by x.id, x.seq)
            select n.id as enrollment_id, n.class_id, n.institution_id, n.trainee_id, n.programme, n.track, n.region as region_code,
              extract(year from n.d)::int as year, extract(month from n.d)::int as month, coalesce(t.status, '{EnrollmentStatus.Active}') as status,
              coalesce(t.passed, false) as passed, n.seq, n.day, t.seq as t_seq, t.day as t_day
            from {StagedEvents} n left join terminal t on t.id = n.id
            where n.kind = 1
            """);

        // A certificate's class gives its institution and track, from an enrollment in the class recorded before it.
        yield return ("certificates", $"""
            create unlogged table {StagedCertificates} as
            with classes as (
              select class_id, min(seq) as seq, min(institution_id::text) as institution, min(track) as track from {ProgressTables.Enrollments + next} group by class_id),
            revoked as (select distinct on (no) no, seq, day from {StagedEvents} where kind = 6 order by no, seq)
            select a.no, a.trainee_id, a.programme, a.region, extract(year from a.d)::int as year, extract(month from a.d)::int as month,
              coalesce(k.institution, '') as institution, coalesce(k.track, '') as track, a.seq, a.day, r.seq as r_seq, r.day as r_day
            from {StagedEvents} a
            left join revoked r on r.no = a.no and r.seq > a.seq
            left join classes k on k.class_id = a.class_id and k.seq < a.seq
            where a.kind = 5
            """);

        // An outcome's states: where it was recorded, then each correction's date; each state lasts until the next.
        yield return ("employment", $"""
            create unlogged table {StagedOutcomes} as
            select o.id, o.trainee_id, o.programme, o.region, o.institution_id::text as institution, o.track,
              extract(year from s.d)::int as year, extract(month from s.d)::int as month, s.seq, s.day,
              lead(s.seq) over w as e_seq, lead(s.day) over w as e_day
            from {StagedEvents} o
            join {StagedEvents} s on s.id = o.id and s.kind in (7, 8) and s.seq >= o.seq
            where o.kind = 7
            window w as (partition by o.id order by s.seq)
            """);

        // The regions each region counts for: itself, its city, its province.
        yield return ("", $"""
            create unlogged table {StagedLevels} as
            select distinct r.code, l.level from (select distinct region as code from {StagedEvents} where region is not null) r
            cross join lateral unnest(array[r.code, case when r.code like '%0000' then null else left(r.code, 4) || '00' end,
              left(r.code, 2) || '0000']) l(level)
            where l.level is not null
            """);
    }

    static IEnumerable<(string Step, string Sql)> States(string next)
    {
        string T(string table) => table + next;
        yield return ("certificate states", $"""
            insert into {T(ProgressTables.Certificates)} (certificate_no, trainee_id, programme, region_code, year, month, institution, track, valid)
            select no, trainee_id, programme, region, year, month, institution, track, r_seq is null from {StagedCertificates}
            """);
        yield return ("outcome states", $"""
            insert into {T(ProgressTables.Employment)} (outcome_id, trainee_id, programme, region_code, institution, track, year, month)
            select id, trainee_id, programme, region, institution, track, year, month from {StagedOutcomes} where e_seq is null
            """);
        yield return ("state indexes", ProgressRebuild.IndexesLike([ProgressTables.Certificates, ProgressTables.Employment], next));
    }

    static IEnumerable<(string Step, string Sql)> Counts(string next)
    {
        string T(string table) => table + next;

        // The additive figures: each change, summed per place and day, then spread over the levels, splits and grains (per
        // programme only: see ProgressTables.Whole).
        yield return ("counts", $"""
            insert into {T(ProgressTables.Counts)} (region, programme, year, split, code, grain, day, enrolled, completed, withdrawn, cancelled, certified, employed)
            with changes (region, programme, year, institution, track, month, day, en, co, wi, ca, ce, em) as (
              -- An enrollment counts from its day; the event that took it out of active moves it to its figure (none for a failed completion).
              select e.region_code, e.programme, e.year, e.institution_id, e.track, e.month, x.day, x.en, x.co, x.wi, x.ca, 0, 0
              from {ProgressTables.Enrollments + next} e
              cross join lateral (values (e.day, 1, 0, 0, 0),
                (e.t_day, -(e.status in ('{EnrollmentStatus.Withdrawn}', '{EnrollmentStatus.Cancelled}'))::int,
                 (e.status = '{EnrollmentStatus.Completed}' and e.passed)::int, (e.status = '{EnrollmentStatus.Withdrawn}')::int,
                 (e.status = '{EnrollmentStatus.Cancelled}')::int)) x(day, en, co, wi, ca)
              where x.day is not null
              union all
              select region, programme, year, nullif(institution, '')::uuid, track, month, day, 0, 0, 0, 0, 1, 0 from {StagedCertificates}
              union all
              select region, programme, year, nullif(institution, '')::uuid, track, month, r_day, 0, 0, 0, 0, -1, 0 from {StagedCertificates}
              where r_seq is not null
              union all
              select region, programme, year, institution::uuid, track, month, day, 0, 0, 0, 0, 0, 1 from {StagedOutcomes}
              union all
              select region, programme, year, institution::uuid, track, month, e_day, 0, 0, 0, 0, 0, -1 from {StagedOutcomes} where e_seq is not null),
            places as (
              select region, programme, year, institution, track, month, day,
                sum(en) as en, sum(co) as co, sum(wi) as wi, sum(ca) as ca, sum(ce) as ce, sum(em) as em
              from changes group by 1, 2, 3, 4, 5, 6, 7)
            select l.level, c.programme, c.year,
              case when grouping(c.institution) = 0 then '{ByInstitution}' when grouping(c.track) = 0 then '{ByTrack}'
                when grouping(c.month) = 0 then '{ByMonth}' else '{Whole}' end,
              coalesce(c.institution::text, c.track, c.month::text, ''), -- the columns outside a row's grouping set are null
              (case when grouping(c.day) = 0 then {ProgressTables.Day} else {ProgressTables.Month} end)::smallint,
              coalesce(c.day, date_trunc('month', c.day)::date),
              sum(c.en), sum(c.co), sum(c.wi), sum(c.ca), sum(c.ce), sum(c.em)
            from places c
            join {StagedLevels} l on l.code = c.region
            group by l.level, c.programme, c.year, grouping sets ((), (c.institution), (c.track), (c.month)),
              grouping sets ((c.day), (date_trunc('month', c.day)::date))
            having (sum(c.en), sum(c.co), sum(c.wi), sum(c.ca), sum(c.ce), sum(c.em)) <> (0, 0, 0, 0, 0, 0)
            """);
        yield return ("counts index", ProgressRebuild.IndexesLike([ProgressTables.Counts], next));
    }

    static IEnumerable<(string Step, string Sql)> People(string next)
    {
        string T(string table) => table + next;

        // Why a person counts in a figure's set for a year, as intervals of event sequences [s, e) (e null: still).
        // Certified completions count while the person holds a valid certificate of the programme: the completion's interval
        // cut by the spans in which they hold at least one (overlapping certificates merged).
        yield return ("people: reasons", $"""
            create temp table r_iv on commit drop as
            with held as (
              select trainee_id, programme, seq, day, r_seq, r_day,
                max(coalesce(r_seq, 9223372036854775807)) over (partition by trainee_id, programme order by seq
                  rows between unbounded preceding and 1 preceding) as held_until
              from {StagedCertificates}),
            islands as (
              select trainee_id, programme, seq, day, r_seq, r_day,
                count(*) filter (where held_until is null or seq > held_until)
                  over (partition by trainee_id, programme order by seq) as island
              from held),
            spans as (
              select trainee_id, programme, min(seq) as s_seq, (array_agg(day order by seq))[1] as s_day,
                case when bool_or(r_seq is null) then null else max(r_seq) end as e_seq,
                case when bool_or(r_seq is null) then null else (array_agg(r_day order by r_seq desc))[1] end as e_day
              from islands group by trainee_id, programme, island)
            select trainee_id, region_code as region, programme, {ProgressTables.Trainees}::smallint as figure, year, seq as s_seq, day as s_day,
              case when status in ('{EnrollmentStatus.Withdrawn}', '{EnrollmentStatus.Cancelled}') then t_seq end as e_seq,
              case when status in ('{EnrollmentStatus.Withdrawn}', '{EnrollmentStatus.Cancelled}') then t_day end as e_day
            from {ProgressTables.Enrollments + next}
            union all
            select trainee_id, region_code, programme, {CompletedTrainees}, year, t_seq, t_day, null, null
            from {ProgressTables.Enrollments + next} where status = '{EnrollmentStatus.Completed}' and passed
            union all
            select trainee_id, region, programme, {CertifiedTrainees}, year, seq, day, r_seq, r_day from {StagedCertificates}
            union all
            select n.trainee_id, n.region_code, n.programme, {CertifiedCompletedTrainees}, n.year,
              greatest(n.t_seq, h.s_seq), case when n.t_seq > h.s_seq then n.t_day else h.s_day end, h.e_seq, h.e_day
            from {ProgressTables.Enrollments + next} n join spans h on h.trainee_id = n.trainee_id and h.programme = n.programme
            where n.status = '{EnrollmentStatus.Completed}' and n.passed and (h.e_seq is null or h.e_seq > n.t_seq)
            union all
            select trainee_id, region, programme, {EmployedPeople}, year, seq, day, e_seq, e_day from {StagedOutcomes}
            """);

        // Most people have one reason at most per figure (one enrollment, one certificate): their sets hold one year while it
        // lasts, so they need no more than their interval. The others go through the general way below.
        yield return ("people: several reasons", $"""
            create temp table r_multi on commit drop as
            select trainee_id, figure from r_iv group by 1, 2 having count(*) > 1
            """);

        // The reasons' changes per person, region level, programme (and all), figure, year and event; then where the count of
        // reasons crosses zero, the year enters or leaves the person's set.
        yield return ("people: changes", $"""
            create temp table r_d on commit drop as
            select x.trainee_id, l.level as region, p.programme, x.figure, x.year, x.seq, min(x.day) as day, sum(x.d)::int as d
            from (select i.trainee_id, i.region, i.programme, i.figure, i.year, i.s_seq as seq, i.s_day as day, 1 as d
                  from r_iv i join r_multi m using (trainee_id, figure)
                  union all
                  select i.trainee_id, i.region, i.programme, i.figure, i.year, i.e_seq, i.e_day, -1
                  from r_iv i join r_multi m using (trainee_id, figure) where i.e_seq is not null) x
            join {StagedLevels} l on l.code = x.region
            cross join lateral (values (x.programme), ('{Target.AllProgrammes}')) p(programme)
            group by 1, 2, 3, 4, 5, 6
            having sum(x.d) <> 0
            """);
        yield return ("people: sets", $"""
            create temp table r_flip on commit drop as
            select trainee_id, region, programme, figure, year, seq, day, case when after > 0 then 1 else -1 end as sign
            from (select *, sum(d) over (partition by trainee_id, region, programme, figure, year order by seq) as after from r_d) c
            where (after > 0) <> (after - d > 0)
            """);

        // A set of one year has the one pair (year, 0). Sets that held several years: at each change, the set's pairs.
        yield return ("people", $"""
            insert into {T(ProgressTables.People)} (region, programme, figure, year, prev, grain, day, delta)
            with keys as (
              select trainee_id, region, programme, figure from r_flip group by 1, 2, 3, 4 having min(year) <> max(year)),
            flips as (select f.* from r_flip f join keys k using (trainee_id, region, programme, figure)),
            moments as (
              select trainee_id, region, programme, figure, seq, min(day) as day from flips group by 1, 2, 3, 4, 5),
            years as (select distinct trainee_id, region, programme, figure, year from flips),
            grid as (
              select m.trainee_id, m.region, m.programme, m.figure, m.seq, m.day, y.year,
                sum(coalesce(f.sign, 0)) over (partition by m.trainee_id, m.region, m.programme, m.figure, y.year order by m.seq) as member
              from moments m
              join years y using (trainee_id, region, programme, figure)
              left join flips f on (f.trainee_id, f.region, f.programme, f.figure, f.year, f.seq)
                                 = (m.trainee_id, m.region, m.programme, m.figure, y.year, m.seq)),
            pairs as (
              select trainee_id, region, programme, figure, seq, day, year,
                coalesce(lag(year) over (partition by trainee_id, region, programme, figure, seq order by year), 0) as prev
              from grid where member > 0),
            nexts as (
              select trainee_id, region, programme, figure, seq, lead(seq) over w as n_seq, lead(day) over w as n_day
              from moments window w as (partition by trainee_id, region, programme, figure order by seq)),
            single as (
              select i.region, i.programme, i.figure, i.year, i.s_day as day, 1 as delta from r_iv i
              where not exists (select 1 from r_multi m where m.trainee_id = i.trainee_id and m.figure = i.figure)
              union all
              select i.region, i.programme, i.figure, i.year, i.e_day, -1 from r_iv i
              where i.e_seq is not null and not exists (select 1 from r_multi m where m.trainee_id = i.trainee_id and m.figure = i.figure)),
            places as (select region, programme, figure, year, day, sum(delta) as delta from single group by 1, 2, 3, 4, 5),
            deltas (region, programme, figure, year, prev, day, delta) as (
              select l.level, p.programme, s.figure, s.year, 0, s.day, s.delta
              from places s join {StagedLevels} l on l.code = s.region
              cross join lateral (values (s.programme), ('{Target.AllProgrammes}')) p(programme)
              union all
              select f.region, f.programme, f.figure, f.year, 0, f.day, f.sign
              from r_flip f where not exists (select 1 from keys k where (k.trainee_id, k.region, k.programme, k.figure)
                                                                        = (f.trainee_id, f.region, f.programme, f.figure))
              union all
              select region, programme, figure, year, prev, day, 1 from pairs
              union all
              select p.region, p.programme, p.figure, p.year, p.prev, n.n_day, -1
              from pairs p join nexts n using (trainee_id, region, programme, figure, seq) where n.n_seq is not null),
            days as (select region, programme, figure, year, prev, day, sum(delta) as delta from deltas group by 1, 2, 3, 4, 5, 6)
            select d.region, d.programme, d.figure, d.year, d.prev, g.grain, g.day, sum(d.delta)
            from days d
            cross join lateral {ProgressTables.GrainsOf("d.day")}
            group by 1, 2, 3, 4, 5, 6, 7
            having sum(d.delta) <> 0
            """);
        yield return ("people index", ProgressRebuild.IndexesLike([ProgressTables.People], next));
    }
}
