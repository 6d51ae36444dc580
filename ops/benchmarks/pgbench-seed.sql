-- Classes and a counter for pgbench-enroll.sql, in the service's own tables, and the commit floor's table.
-- psql -v classes=N. The classes look like the service's (a stream row and the inline snapshot with no
-- seats taken) but their facts are counted in the year 2000, so they never show in the benchmark's progress reads.
create schema if not exists bench;
drop sequence if exists bench.enrollment_seq;
create sequence bench.enrollment_seq minvalue 0 start 0;
drop table if exists bench.commit_floor;
create table bench.commit_floor (id bigserial primary key, at timestamptz not null default now(), payload text not null);

insert into training.mt_streams (id, type, version, timestamp, created, tenant_id)
select md5('bench-class-' || n)::uuid, 'training_class', 1, now(), now(), '*DEFAULT*'
from generate_series(0, :classes - 1) n
on conflict (id) do nothing;

insert into training.mt_doc_trainingclass (id, data, mt_version, mt_dotnet_type, mt_last_modified)
select md5('bench-class-' || n)::uuid,
       jsonb_build_object('id', md5('bench-class-' || n)::uuid, 'mode', 'offline', 'title', '基准测试班 pgbench-' || n,
         'track', null, 'status', 'open', 'endDate', '2000-03-20', 'version', 1, 'capacity', 50,
         'programme', 'yuecai', 'startDate', '2000-03-02', 'regionCode', '441625', 'subsidized', false,
         'active', 0, 'completed', 0, 'cancelReason', null, 'institutionId', md5('bench-institution')::uuid),
       1, 'Training.Classes.TrainingClass', now()
from generate_series(0, :classes - 1) n
on conflict (id) do nothing;
