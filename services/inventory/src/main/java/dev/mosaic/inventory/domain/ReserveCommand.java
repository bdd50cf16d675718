package dev.mosaic.inventory.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.mosaic.platform.core.Validation;

/**
 * A reserve request, validated the same way whichever way it arrived (gRPC or {@code inventory.commands}).
 * A sku may appear once: a repeated sku is refused rather than merged, because it is a client bug that merging
 * would hide, and a reservation holds one line per sku.
 */
public record ReserveCommand(String orderId, List<Line> lines) {

    public static final int MAX_LINES = 50;
    /** More of one sku in one order is a typo or an attack, not a purchase. */
    public static final int MAX_QUANTITY = 1000;
    static final Pattern ORDER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");

    /** Validates every field at once; throws a 400 problem listing each error. Null lines are reported, not trusted. */
    public static ReserveCommand of(String orderId, List<Line> lines) {
        Validation v = new Validation();
        checkOrderId(orderId, v);
        if (lines == null || lines.isEmpty()) {
            v.check(false, "lines", "must list 1 to " + MAX_LINES + " lines");
        } else if (lines.size() > MAX_LINES) {
            v.check(false, "lines", "must list at most " + MAX_LINES + " lines, one per sku; it has " + lines.size());
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                String field = "lines[" + i + "]";
                if (line == null) {
                    v.check(false, field, "is required");
                    continue;
                }
                if (line.sku() == null || line.sku().isEmpty()) {
                    v.check(false, field + ".sku", "is required");
                } else if (!Stock.isSku(line.sku())) {
                    v.check(false, field + ".sku", "must be 3-64 upper-case letters, digits or dashes");
                } else {
                    Integer first = seen.putIfAbsent(line.sku(), i);
                    v.check(first == null, field + ".sku", "repeats lines[" + first + "]; send one line per sku");
                }
                v.check(line.quantity() >= 1 && line.quantity() <= MAX_QUANTITY, field + ".quantity",
                        "must be a whole number between 1 and " + MAX_QUANTITY);
            }
        }
        v.throwIfInvalid();
        return new ReserveCommand(orderId, List.copyOf(lines));
    }

    /** Validates the order id of a release or commit. */
    public static void checkOrderId(String orderId) {
        Validation v = new Validation();
        checkOrderId(orderId, v);
        v.throwIfInvalid();
    }

    public static boolean isOrderId(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    private static void checkOrderId(String orderId, Validation v) {
        if (orderId == null || orderId.isEmpty()) {
            v.check(false, "orderId", "is required");
        } else {
            v.check(isOrderId(orderId), "orderId", "must be 1-100 letters, digits or . _ : - (e.g. a UUID)");
        }
    }
}
