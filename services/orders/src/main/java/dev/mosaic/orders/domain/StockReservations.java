package dev.mosaic.orders.domain;

import java.util.List;

/** The synchronous stock reservation at inventory (gRPC), guarded by fault tolerance. */
public interface StockReservations {

    /** What inventory answered, or that it could not be asked. */
    enum Outcome { RESERVED, REJECTED, RELEASED, UNAVAILABLE }

    Outcome reserve(String orderId, List<LineRequest> lines);
}
