package dev.mosaic.inventory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of a reservation; {@code availableWhenRejected} is set on the lines that did not fit. */
@Embeddable
public class ReservationLine {

    private String sku;
    private int quantity;
    @Column(name = "available_when_rejected")
    private Integer availableWhenRejected;

    protected ReservationLine() {
    }

    ReservationLine(String sku, int quantity, Integer availableWhenRejected) {
        this.sku = sku;
        this.quantity = quantity;
        this.availableWhenRejected = availableWhenRejected;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    Integer availableWhenRejected() {
        return availableWhenRejected;
    }
}
