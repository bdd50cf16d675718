package dev.mosaic.orders.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mosaic.orders.domain.LineRequest;
import dev.mosaic.platform.core.Validation;

/** Body of {@code POST /orders}: {@code {"lines":[{"sku","quantity"}],"paymentToken"}}. Unknown fields are rejected. */
public record PlaceOrderRequest(List<Line> lines, String paymentToken) {

    static final int MAX_LINES = 20;
    static final int MAX_QUANTITY = 100;
    private static final Pattern SKU = Pattern.compile("^[A-Z0-9][A-Z0-9-]{2,63}$");

    /** One requested line; boxed so a missing quantity is told apart from zero. */
    public record Line(String sku, Integer quantity) {
    }

    List<LineRequest> validate(Set<String> paymentTokens) {
        Validation v = new Validation();
        if (v.required(lines, "lines")) {
            v.check(!lines.isEmpty(), "lines", "must contain at least one line");
            v.check(lines.size() <= MAX_LINES, "lines", "must contain at most " + MAX_LINES + " lines");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
                Line line = lines.get(i);
                String at = "lines[" + i + "]";
                if (!v.required(line, at)) {
                    continue;
                }
                if (v.required(line.sku(), at + ".sku")) {
                    v.check(SKU.matcher(line.sku()).matches(), at + ".sku", "is not a sku (e.g. COF-ETH-250)");
                    v.check(seen.add(line.sku()), at + ".sku", "appears twice; put the whole quantity on one line");
                }
                if (v.required(line.quantity(), at + ".quantity")) {
                    v.check(line.quantity() >= 1 && line.quantity() <= MAX_QUANTITY, at + ".quantity",
                            "must be between 1 and " + MAX_QUANTITY);
                }
            }
        }
        if (v.required(paymentToken, "paymentToken")) {
            v.check(paymentTokens.contains(paymentToken), "paymentToken",
                    "is not a payment token the provider issued (the simulated provider issues " + paymentTokens + ")");
        }
        v.throwIfInvalid();
        return lines.stream().map(l -> new LineRequest(l.sku(), l.quantity())).toList();
    }
}
