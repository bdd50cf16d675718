package dev.mosaic.catalog.api;

import java.net.URI;
import java.util.regex.Pattern;

import dev.mosaic.catalog.domain.Money;
import dev.mosaic.catalog.domain.ProductDetails;
import dev.mosaic.platform.core.Validation;

/**
 * Body of admin create ({@code sku} required) and update ({@code sku} absent or equal to the path's).
 * Unknown fields are rejected by the platform's JSON settings.
 */
public record ProductRequest(String sku, String name, String description, String category, MoneyView price,
                             String imageUrl) {

    static final Pattern SKU = Pattern.compile("^[A-Z0-9][A-Z0-9-]{2,63}$");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9-]{1,63}$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    /** 10 million in major units: a price above this is a typo, not a product. */
    private static final long MAX_AMOUNT = 1_000_000_000L;

    /** Validates every field at once; {@code pathSku} is the sku of an update, null for a create. */
    ProductDetails validate(String pathSku, Validation v) {
        if (pathSku == null) {
            if (v.required(sku, "sku")) {
                v.check(SKU.matcher(sku).matches(), "sku", "must be 3-64 upper-case letters, digits or dashes");
            }
        } else {
            v.check(sku == null || sku.equals(pathSku), "sku", "cannot be changed; it must match the path or be left out");
        }
        if (v.required(name, "name")) {
            v.check(!name.isBlank() && name.length() <= 200, "name", "must be 1-200 characters");
        }
        v.check(description == null || description.length() <= 2000, "description", "must be at most 2000 characters");
        if (v.required(category, "category")) {
            v.check(CATEGORY.matcher(category).matches(), "category",
                    "must be 2-64 lower-case letters, digits or dashes, e.g. coffee");
        }
        if (v.required(price, "price")) {
            if (v.required(price.amount(), "price.amount")) {
                // Positive, like every service that handles a price (orders' replica, payments): a free product
                // would be accepted here and refused by payments, leaving its orders hanging and dead-lettered.
                v.check(price.amount() > 0, "price.amount", "must be greater than 0 (minor units, e.g. 1299 for 12.99)");
                v.check(price.amount() <= MAX_AMOUNT, "price.amount", "must be at most " + MAX_AMOUNT + " minor units");
            }
            if (v.required(price.currency(), "price.currency")) {
                v.check(CURRENCY.matcher(price.currency()).matches(), "price.currency",
                        "must be an ISO 4217 code such as EUR");
            }
        }
        v.check(imageUrl == null || isImageUrl(imageUrl), "imageUrl",
                "must be an http(s) URL or a path on this site (/images/...) of at most 500 characters");
        v.throwIfInvalid();
        return new ProductDetails(name.strip(), description == null ? "" : description, category,
                new Money(price.amount(), price.currency()), imageUrl);
    }

    /** An absolute http(s) URL, or a path served by the gateway itself (the demo catalog's pictures). */
    private static boolean isImageUrl(String url) {
        if (url.length() > 500) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null) {
                return url.startsWith("/") && !url.startsWith("//") && uri.getRawAuthority() == null;
            }
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
