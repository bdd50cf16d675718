create table ledger_entry (
    id    varchar(64)  primary key,
    note  varchar(200) not null
);
create table ledger_applied (
    event_id  varchar(4000) not null,
    subject   varchar(200) not null,
    amount    integer      not null
);
