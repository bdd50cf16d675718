-- Orders and their saga state. One row per order; lines in order_line.
create table customer_order (
    id                  varchar(36)  primary key,
    customer_id         varchar(100) not null,
    status              varchar(20)  not null,
    reason              varchar(30),
    total_amount        bigint       not null,
    total_currency      char(3)      not null,
    payment_token       varchar(100) not null,
    idempotency_key     varchar(100),
    request_hash        varchar(64)  not null,
    payment_requested   boolean      not null default false,
    step_attempts       integer      not null default 0,
    step_deadline       timestamp with time zone,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint       not null default 0,
    constraint customer_order_idempotency unique (customer_id, idempotency_key)
);
create index customer_order_by_customer on customer_order (customer_id, created_at);
create index customer_order_open_steps on customer_order (status, step_deadline);

create table order_line (
    order_id             varchar(36) not null references customer_order (id),
    line_no              integer     not null,
    sku                  varchar(64) not null,
    quantity             integer     not null check (quantity > 0),
    unit_price_amount    bigint      not null,
    unit_price_currency  char(3)     not null,
    primary key (order_id, line_no)
);

-- orders' replica of catalog prices (fed by catalog.events; never read from catalog's database).
create table product_price (
    sku       varchar(64) primary key,
    amount    bigint      not null,
    currency  char(3)     not null,
    as_of     timestamp with time zone not null
);
