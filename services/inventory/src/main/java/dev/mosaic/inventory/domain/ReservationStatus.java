package dev.mosaic.inventory.domain;

/** Where a reservation stands; {@code REJECTED} and {@code RELEASED} hold no units. */
public enum ReservationStatus {
    RESERVED, REJECTED, RELEASED, COMMITTED
}
