-- Stock per sku. The units an admin adjustment (or the demo seed) sets are always
-- available + reserved + committed; the checks keep a bug from ever showing negative stock.
create table stock (
    sku         varchar(64) primary key,
    available   integer     not null check (available >= 0),
    reserved    integer     not null check (reserved >= 0),
    committed   integer     not null check (committed >= 0),
    updated_at  timestamp with time zone not null
);

-- One reservation per order id: the idempotency key of reserve, release and commit.
-- status: RESERVED, REJECTED, RELEASED (also a tombstone without lines), COMMITTED.
create table reservation (
    order_id    varchar(100) primary key,
    status      varchar(16)  not null check (status in ('RESERVED', 'REJECTED', 'RELEASED', 'COMMITTED')),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);

-- The lines an order asked for. available_when_rejected is set on the lines that did not fit
-- when the reservation was rejected (0 for an unknown sku), so a repeated reserve answers the same.
create table reservation_line (
    order_id                 varchar(100) not null references reservation (order_id),
    line_no                  integer      not null,
    sku                      varchar(64)  not null,
    quantity                 integer      not null check (quantity > 0),
    available_when_rejected  integer,
    constraint reservation_line_pk primary key (order_id, line_no)
);
