-- Platform tables of every service database: owned by platform-outbox, versioned in their own
-- history table (mosaic_platform_history) so service migrations keep their own numbering.

-- Events written in the same transaction as the state change they describe; the relay publishes them.
create table mosaic_outbox (
    id            bigint generated always as identity primary key,
    event_id      varchar(64)      not null,
    topic         varchar(249)     not null,
    event_key     varchar(200),
    event_type    varchar(200)     not null,
    source        varchar(200)     not null,
    subject       varchar(200),
    event_time    varchar(40)      not null,
    content_type  varchar(100),
    extensions    varchar(4000)    not null,
    data          varchar(1000000) not null,
    created_at    timestamp with time zone not null,
    published_at  timestamp with time zone,
    attempts      integer          not null default 0,
    last_error    varchar(2000),
    constraint mosaic_outbox_event_id unique (event_id)
);
create index mosaic_outbox_pending on mosaic_outbox (published_at, id);

-- Events already handled by this service: the guard that makes redelivery change nothing.
create table mosaic_inbox (
    source      varchar(200) not null,
    event_id    varchar(64)  not null,
    event_type  varchar(200) not null,
    handled_at  timestamp with time zone not null,
    constraint mosaic_inbox_pk primary key (source, event_id)
);

-- Messages given up on after their retries, kept for listing and redrive (also published to <topic>.dlq).
create table mosaic_dead_letter (
    id             bigint generated always as identity primary key,
    topic          varchar(249)     not null,
    partition_no   integer          not null,
    record_offset  bigint           not null,
    record_key     varchar(200),
    event_id       varchar(64),
    event_type     varchar(200),
    source         varchar(200),
    subject        varchar(200),
    event_time     varchar(40),
    content_type   varchar(100),
    extensions     varchar(4000),
    data           varchar(1000000),
    error          varchar(4000)    not null,
    error_class    varchar(300)     not null,
    attempts       integer          not null,
    status         varchar(16)      not null,
    failed_at      timestamp with time zone not null,
    redriven_at    timestamp with time zone
);
create index mosaic_dead_letter_status on mosaic_dead_letter (status, id);
