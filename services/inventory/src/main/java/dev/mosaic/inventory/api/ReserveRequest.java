package dev.mosaic.inventory.api;

import java.util.List;

import dev.mosaic.inventory.domain.Line;

/** Body of {@code POST /reservations}; the domain validates it. Unknown fields are rejected by the platform's JSON settings. */
public record ReserveRequest(String orderId, List<LineRequest> lines) {

    List<Line> toLines() {
        return lines == null ? null : lines.stream().map(l -> l == null ? null : l.toLine()).toList();
    }
}
