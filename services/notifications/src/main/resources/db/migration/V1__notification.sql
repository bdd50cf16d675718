-- What customers were told. One notification per source event: (event_source, event_id) is unique, so a
-- duplicate delivery cannot store a second one even if it got past the inbox.
create table notification (
    id            varchar(36)   primary key,
    customer_id   varchar(128)  not null,
    order_id      varchar(64)   not null,
    type          varchar(32)   not null,
    event_type    varchar(200)  not null,
    event_source  varchar(200)  not null,
    event_id      varchar(64)   not null,
    message       varchar(1000) not null,
    created_at    timestamp with time zone not null,
    constraint notification_source_event unique (event_source, event_id)
);
create index notification_customer on notification (customer_id, created_at);

-- Each try to get a notification to its customer over a channel (today: the log).
create table delivery_attempt (
    id               varchar(36)  primary key,
    notification_id  varchar(36)  not null references notification (id),
    channel          varchar(16)  not null,
    status           varchar(16)  not null check (status in ('SENT', 'FAILED')),
    error            varchar(1000),
    attempted_at     timestamp with time zone not null
);
create index delivery_attempt_notification on delivery_attempt (notification_id);

-- A replica of what the confirmation needs from order.placed (order.confirmed does not carry the items).
create table placed_order (
    order_id    varchar(64) primary key,
    item_count  integer     not null check (item_count > 0),
    placed_at   timestamp with time zone not null
);
