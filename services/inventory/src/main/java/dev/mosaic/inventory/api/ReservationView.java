package dev.mosaic.inventory.api;

import java.util.List;

import dev.mosaic.inventory.domain.Reservation;

/** A reservation as the API shows it; {@code unavailable} is empty unless it was rejected. */
public record ReservationView(String orderId, String status, List<LineView> lines, List<UnavailableView> unavailable) {

    static ReservationView of(Reservation r) {
        return new ReservationView(r.orderId(), r.status().name(), r.lines().stream().map(LineView::of).toList(),
                r.unavailable().stream().map(UnavailableView::of).toList());
    }
}
