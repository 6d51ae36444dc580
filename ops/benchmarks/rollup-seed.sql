-- The progress tables as the projection would leave them after :size person-times in each of 2024 and 2025 in the
-- province (ops/bench, test 4), written set-based instead of projected one event at a time (that would take hours).
-- A template of 100,000 enrollments, each standing for :size / 100,000: what a read costs depends on the rows it sums,
-- and those are bounded by the calendar (days × regions × programmes), not by how many enrollments made them. The province
-- has 2,000 institutions at every size: more person-times a year means fuller classes, not ten times the schools (the first
-- version made one per 5,000 person-times, so the breakdown's answer itself grew tenfold). Spread over 10 counties of two cities, three programmes,
-- three tracks, twelve start months and every day of the year; 10 % completed (passed), 5 % withdrawn; 30 % of 2025's
-- people also trained in 2024.
delete from training.progress_counts where year in (2024, 2025);
delete from training.progress_people where year in (2024, 2025);

create temporary table template as
select n,
  (array['441602','441621','441622','441623','441624','441625','440703','440704','440705','440781'])[1 + n % 10] as county,
  case when n % 10 < 6 then '441600' else '440700' end as city,
  (array['yuecai','jiazheng','jigong'])[1 + n % 3] as programme,
  md5('institution ' || (n % 2000))::uuid::text as institution,
  (array['guangfu','kejia','chaozhou'])[1 + (n / 3) % 3] as track,
  1 + (n / 9) % 12 as month,
  (n * 7919) % 365 as day_of_year,
  case when n % 20 = 1 then 0 else 1 end as enrolled,
  case when n % 10 = 0 then 1 else 0 end as completed,
  case when n % 20 = 1 then 1 else 0 end as withdrawn
from generate_series(1, 100000) n;

insert into training.progress_counts (region, programme, year, split, code, grain, day, enrolled, completed, withdrawn, cancelled, certified)
select l.region, p.programme, y.year, s.split, s.code, g.grain, g.day,
  sum(t.enrolled) * (:size / 100000), sum(t.completed) * (:size / 100000), sum(t.withdrawn) * (:size / 100000), 0, 0
from template t
cross join (values (2024), (2025)) y(year)
cross join lateral (select make_date(y.year, 1, 1) + t.day_of_year as day) d
cross join lateral (values (t.county), (t.city), ('440000')) l(region)
cross join lateral (values (t.programme)) p(programme) -- no rows for all programmes: a read sums the programmes'
cross join lateral (values ('', ''), ('institution', t.institution), ('track', t.track), ('month', t.month::text)) s(split, code)
cross join lateral (values (1::smallint, date_trunc('month', d.day)::date), (2::smallint, d.day)) g(grain, day)
group by 1, 2, 3, 4, 5, 6, 7;

insert into training.progress_people (region, programme, figure, year, prev, grain, day, delta)
select l.region, p.programme, f.figure, y.year, case when y.year = 2025 and t.n % 10 < 3 then 2024 else 0 end, g.grain, g.day,
  count(*) * (:size / 100000)
from template t
cross join (values (2024), (2025)) y(year)
cross join lateral (select make_date(y.year, 1, 1) + t.day_of_year as day) d
cross join lateral (values (t.county), (t.city), ('440000')) l(region)
cross join lateral (values (t.programme), ('all')) p(programme)
cross join lateral (values (1::smallint, t.enrolled = 1), (2::smallint, t.completed = 1)) f(figure, member)
cross join lateral (values (1::smallint, date_trunc('month', d.day)::date), (2::smallint, d.day)) g(grain, day)
where f.member
group by 1, 2, 3, 4, 5, 6, 7;

-- The projection's position moves with every change it writes, and the service keeps answers while it stands still: move it
-- past these rows too (no event follows in this run's database), so the next size's reads are read, not the last size's kept.
update training.mt_event_progression set last_seq_id = last_seq_id + 1 where name = 'Progress:All';

vacuum analyze training.progress_counts;
vacuum analyze training.progress_people;
