package dev.mosaic.catalog.api;

import java.util.List;

/** One page of products: {@code {"items": [...], "page", "size", "total"}}. */
public record PageView(List<ProductView> items, int page, int size, long total) {
}
