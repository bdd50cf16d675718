package dev.mosaic.inventory.domain;

import java.math.BigDecimal;

/** Units of one sku that an order asks for. */
public record Line(String sku, int quantity) {

    /**
     * A line from a JSON quantity read exactly: JSON-B narrows a number into an {@code Integer} silently
     * (4294967297 arrives as 1, 1.5 as 1). A missing, fractional or out-of-range quantity becomes 0, which
     * {@link ReserveCommand} refuses.
     */
    public static Line of(String sku, BigDecimal quantity) {
        boolean fits = quantity != null && quantity.stripTrailingZeros().scale() <= 0
                && quantity.compareTo(BigDecimal.ONE) >= 0 && quantity.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        return new Line(sku, fits ? quantity.intValueExact() : 0);
    }
}
