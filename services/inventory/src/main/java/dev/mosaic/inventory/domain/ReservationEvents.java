package dev.mosaic.inventory.domain;

/** What the inventory tells the rest of the system about reservations; published in the transaction of the change. */
public interface ReservationEvents {

    void reserved(Reservation reservation);

    void rejected(Reservation reservation);

    void released(Reservation reservation);

    void committed(Reservation reservation);
}
