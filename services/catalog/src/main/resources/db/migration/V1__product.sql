-- Products for sale. Prices in minor units; the sku is the identity everywhere in Mosaic.
create table product (
    sku             varchar(64)   primary key,
    name            varchar(200)  not null,
    description     varchar(2000) not null,
    category        varchar(64)   not null,
    price_amount    bigint        not null check (price_amount >= 0),
    price_currency  char(3)       not null,
    image_url       varchar(500),
    version         bigint        not null default 0,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);
create index product_category on product (category);
