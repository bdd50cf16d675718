package dev.mosaic.orders;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the fake inventory and catalog before orders boots, and points orders at them. */
final class FakeDependencies implements BeforeAllCallback, AfterAllCallback {

    static FakeInventory inventory;
    static FakeCatalog catalog;

    @Override
    public void beforeAll(ExtensionContext context) {
        inventory = new FakeInventory();
        catalog = new FakeCatalog();
        System.setProperty("mosaic.upstream.inventory", "http://" + inventory.target());
        System.setProperty("mosaic.upstream.catalog", catalog.url());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        inventory.stop();
    }
}
