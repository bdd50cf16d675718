package dev.mosaic.catalog.domain;

import java.util.List;

/** One page of a search, with the total number of matches. */
public record ProductPage(List<Product> items, int page, int size, long total) {
}
