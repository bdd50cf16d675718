-- The demo catalog's pictures pointed at a host that does not exist. The gateway draws one per sku at
-- /images/products/<sku>.svg (small, cached a day); relative, so it resolves wherever the storefront is served.
update product
   set image_url = '/images/products/' || lower(sku) || '.svg'
 where image_url like 'https://images.mosaic.dev/products/%';
