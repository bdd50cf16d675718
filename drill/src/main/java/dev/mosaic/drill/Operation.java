package dev.mosaic.drill;

/** What a virtual customer does through the gateway; each is measured on its own. */
public enum Operation {
    BROWSE("browse", "GET /api/products"),
    STOCK("stock", "GET /api/stock/{sku}"),
    PLACE("place order", "POST /api/orders"),
    TRACK("track order", "GET /api/orders/{id}"),
    NOTIFICATIONS("notifications", "GET /api/notifications");

    private final String label;
    private final String call;

    Operation(String label, String call) {
        this.label = label;
        this.call = call;
    }

    public String label() {
        return label;
    }

    public String call() {
        return call;
    }
}
