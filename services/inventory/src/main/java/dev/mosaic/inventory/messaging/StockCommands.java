package dev.mosaic.inventory.messaging;

import java.math.BigDecimal;
import java.util.List;

import dev.mosaic.inventory.domain.Line;

/** The inventory's own copies of the {@code inventory.commands} payloads it reads (docs/saga.md); unknown fields are ignored. */
public final class StockCommands {

    public static final String TOPIC = "inventory.commands";

    private StockCommands() {
    }

    /** Payload of {@value #TYPE}: orders' asynchronous path when its gRPC call could not be made. */
    public record ReserveStock(String orderId, List<LineData> lines) {
        public static final String TYPE = "dev.mosaic.stock.reserve.v1";

        /** The lines as the domain validates them. */
        List<Line> toLines() {
            return lines == null ? null : lines.stream().map(l -> l == null ? null : l.toLine()).toList();
        }
    }

    /** A line of {@link ReserveStock}; the quantity is read exactly (see {@link Line#of}). */
    public record LineData(String sku, BigDecimal quantity) {
        Line toLine() {
            return Line.of(sku, quantity);
        }
    }
}
