-- The commit floor: one single-row insert, committed on its own.
INSERT INTO bench.commit_floor (payload) VALUES ('one enrollment''s worth of nothing');
