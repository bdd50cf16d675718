-- A dead letter must be storable whatever the message carried: CloudEvents puts no limit on the length of id,
-- source, type or subject, and a Kafka key or header can be as long as the broker allows. With the V1 widths an
-- event with a long id reached <topic>.dlq but failed to insert here, so it could be neither listed nor redriven.
-- 1000000 is the width of the data column (and H2's largest varchar); PostgreSQL treats it as a plain limit.
alter table mosaic_dead_letter alter column record_key   set data type varchar(1000000);
alter table mosaic_dead_letter alter column event_id     set data type varchar(1000000);
alter table mosaic_dead_letter alter column event_type   set data type varchar(1000000);
alter table mosaic_dead_letter alter column source       set data type varchar(1000000);
alter table mosaic_dead_letter alter column subject      set data type varchar(1000000);
alter table mosaic_dead_letter alter column event_time   set data type varchar(1000000);
alter table mosaic_dead_letter alter column content_type set data type varchar(1000000);
alter table mosaic_dead_letter alter column extensions   set data type varchar(1000000);
