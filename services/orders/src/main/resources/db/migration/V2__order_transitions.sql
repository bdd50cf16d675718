-- Each order's saga timeline: one row per status change, appended in the transaction that makes it.
create table order_transition (
    order_id    varchar(36) not null references customer_order (id),
    seq         integer     not null,
    status      varchar(20) not null,
    reason      varchar(30),
    changed_at  timestamp with time zone not null,
    primary key (order_id, seq)
);

-- Orders placed before the timeline existed: what their row still tells (placed, and the latest change).
insert into order_transition (order_id, seq, status, reason, changed_at)
    select id, 0, 'PENDING', null, created_at from customer_order;
insert into order_transition (order_id, seq, status, reason, changed_at)
    select id, 1, status, reason, updated_at from customer_order where status <> 'PENDING';
