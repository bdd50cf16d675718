-- A customer hears about each fact of an order once, even when the fact arrives again as a new event
-- (payments answers a retried authorization with its outcome once more).
create unique index notification_order_fact on notification (order_id, type);
