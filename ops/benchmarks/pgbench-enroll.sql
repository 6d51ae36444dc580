-- The database work of one enrollment, statement for statement and round trip for round trip as the service
-- sends it (PostgreSQL's statement log of one POST /api/classes/{id}/enrollments, Marten 9.58):
--   1. one batch: BEGIN, take the person's advisory lock, read the trainee's stream (a new person: no rows) and the
--      person's seats in the class from the roster, then lock the class's stream row and read its inline snapshot
--      (capacity, status, counts: no roster), as FetchForExclusiveWriting does (TraineeStream.LockTraineeAndClass)  1 round trip
--   2. one batch: append TraineeEnrolled to the class stream and PersonIdentified to the
--      trainee's (mt_quick_append_events checks and bumps the stream versions), write the
--      snapshot with the new count, insert the roster row and the enrollment_facts row          1
--   3. COMMIT                                                                               1
-- The event bodies and the rows have the service's fields and sizes. The snapshot's count is bumped server-side
-- where the service sends the whole (small) document: the same rows and about the same bytes written.
-- ops/bench fills in the event metadata arguments (correlation id, headers) where the event store has them.
-- -D window=W -D capacity=C choose classes as the HTTP load does (Training.Bench Ids.ClassIndex).
-- -D whole=1 runs all of it; -D whole=0 only the event store's part: BEGIN, the class's row lock, the two appends,
-- COMMIT, in the same three round trips (ops/bench's measure of what the appends alone cost PostgreSQL).
SELECT nextval('bench.enrollment_seq') AS k \gset
\set cls (:k % (:window * :capacity)) % :window + :window * (:k / (:window * :capacity))
\startpipeline
BEGIN;
\if :whole
SELECT pg_advisory_xact_lock(('x' || left(md5('trainee' || :k), 16))::bit(64)::bigint);
SELECT type, data FROM training.mt_events WHERE stream_id = md5('trainee' || :k)::uuid AND is_archived = false ORDER BY version;
SELECT enrollment_id, trainee_id, status FROM training.roster
WHERE class_id = md5('bench-class-' || :cls)::uuid AND (trainee_id = md5('trainee' || :k)::uuid OR enrollment_id = NULL);
\endif
SELECT version FROM training.mt_streams WHERE id = md5('bench-class-' || :cls)::uuid FOR UPDATE;
\if :whole
SELECT data FROM training.mt_doc_trainingclass WHERE id = md5('bench-class-' || :cls)::uuid;
\endif
\endpipeline
\startpipeline
SELECT training.mt_quick_append_events(stream => md5('bench-class-' || :cls)::uuid, stream_type => NULL,
  tenantid => '*DEFAULT*', event_ids => ARRAY[md5('event-e' || :k)::uuid], event_types => '{trainee_enrolled}',
  dotnet_types => '{"Training.Enrollments.TraineeEnrolled, Training.Api"}', bodies => ARRAY[jsonb_build_object('name', '王小明', 'track', null, 'groups', '["migrant-worker"]'::jsonb,
    'classId', md5('bench-class-' || :cls)::uuid, 'programme', 'yuecai', 'traineeId', md5('trainee' || :k)::uuid,
    'enrolledOn', current_date, 'regionCode', '441625', 'enrollmentId', md5('enrollment' || :k)::uuid,
    'institutionId', md5('bench-institution')::uuid, 'classStartDate', '2000-03-02', 'idNumberMasked', '441625********0414')],
  bdatas => '{NULL}', timestamps => ARRAY[now()] /* metadata */);
SELECT training.mt_quick_append_events(stream => md5('trainee' || :k)::uuid, stream_type => NULL, tenantid => '*DEFAULT*',
  event_ids => ARRAY[md5('event-p' || :k)::uuid], event_types => '{person_identified}',
  dotnet_types => '{"Training.Trainees.PersonIdentified, Training.Api"}', bodies => ARRAY[jsonb_build_object('name', '王小明', 'phone', null, 'idNumber', '44162519900101' || lpad((:k % 10000)::text, 4, '0'),
    'traineeId', md5('trainee' || :k)::uuid)],
  bdatas => '{NULL}', timestamps => ARRAY[now()] /* metadata */);
\if :whole
UPDATE training.mt_doc_trainingclass
SET data = jsonb_set(data, '{active}', to_jsonb((data ->> 'active')::int + 1)),
    mt_version = (SELECT version FROM training.mt_streams s WHERE s.id = md5('bench-class-' || :cls)::uuid),
    mt_last_modified = transaction_timestamp()
WHERE id = md5('bench-class-' || :cls)::uuid
RETURNING mt_version;
INSERT INTO training.roster (enrollment_id, class_id, trainee_id, name, id_number_masked, groups, enrolled_on, status)
VALUES (md5('enrollment' || :k)::uuid, md5('bench-class-' || :cls)::uuid, md5('trainee' || :k)::uuid, '王小明',
  '441625********0414', '{migrant-worker}', current_date, 'active')
ON CONFLICT (enrollment_id) DO NOTHING;
INSERT INTO training.enrollment_facts (enrollment_id, class_id, institution_id, trainee_id, programme, track, region_code,
  city_code, province_code, year, start_date, status)
VALUES (md5('enrollment' || :k)::uuid, md5('bench-class-' || :cls)::uuid, md5('bench-institution')::uuid,
  md5('trainee' || :k)::uuid, 'yuecai', null, '441625', '441600', '440000', 2000, '2000-03-02', 'active')
ON CONFLICT (enrollment_id) DO NOTHING;
\endif
\endpipeline
COMMIT;
