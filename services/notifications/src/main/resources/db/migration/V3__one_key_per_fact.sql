-- A notification is unique per fact of an order (order_id, type; V2), and an event always carries one fact of one
-- order: the key on the source event (V1) never refused a row the fact's key let through. It cost a B-tree written
-- at every commit and a query per event, and goes.
alter table notification drop constraint notification_source_event;
