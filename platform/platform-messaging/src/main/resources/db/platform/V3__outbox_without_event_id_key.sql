-- The outbox's unique key on event_id refused nothing: every event id is a new random UUID (CloudEvent.create), and no
-- statement looks a row up by it. It cost a B-tree written in every business transaction that publishes an event,
-- and on H2 each B-tree a transaction changes is rewritten at its commit. The id column stays the row's key, and
-- consumers' inboxes still key on (source, event_id).
alter table mosaic_outbox drop constraint mosaic_outbox_event_id;
