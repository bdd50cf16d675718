-- Whether product.created has been written to the outbox for the product. The demo catalog (V2) was inserted
-- here directly, so nothing announced it, and orders' price replica (fed by catalog.events) never learnt its
-- prices: every order asked catalog synchronously. At startup, catalog announces every product not announced
-- yet. Products created through the API before this column existed are announced once more, with their current
-- data: consumers keep the newest fact, so that changes nothing.
alter table product add column announced boolean default false not null;
