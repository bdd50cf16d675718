-- One payment per order: the order id is the key, so no second authorize can ever charge again.
-- A refund is a state of the payment (full refunds only); VOIDED marks an order refunded before any
-- payment existed, so a late authorize is declined instead of charging a dead order.
create table payment (
    order_id            varchar(64)  primary key,
    payment_id          varchar(36)  not null,
    customer_id         varchar(128) not null,
    status              varchar(16)  not null,
    amount              bigint,
    currency            char(3),
    reason              varchar(64),
    provider_reference  varchar(64),
    version             bigint       not null default 0,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    constraint payment_payment_id unique (payment_id),
    constraint payment_status check (status in ('AUTHORIZED', 'DECLINED', 'REFUNDED', 'VOIDED')),
    constraint payment_amount_positive check (amount is null or amount > 0),
    constraint payment_amount_known check (status = 'VOIDED' or (amount is not null and currency is not null))
);
create index payment_customer on payment (customer_id, created_at);
