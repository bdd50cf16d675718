package dev.mosaic.inventory.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The units of one sku: {@code available} to reserve, {@code reserved} for orders in progress, {@code committed}
 * to confirmed orders. Units only move between the three; only an admin adjustment changes their sum.
 * Changed only under a row lock (see StockRepository), so no method here needs to guard against races.
 */
@Entity
@Table(name = "stock")
public class Stock {

    private static final Pattern SKU = Pattern.compile("^[A-Z0-9][A-Z0-9-]{2,63}$");

    @Id
    private String sku;
    private int available;
    private int reserved;
    @Column(name = "committed")
    private int committed;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Stock() {
    }

    public Stock(String sku, int available, Instant now) {
        this.sku = sku;
        setAvailable(available, now);
    }

    /** Whether {@code sku} is a well-formed sku (the catalog's rule); says nothing about whether it is stocked. */
    public static boolean isSku(String sku) {
        return sku != null && SKU.matcher(sku).matches();
    }

    public boolean covers(int quantity) {
        return available >= quantity;
    }

    void reserve(int quantity, Instant now) {
        require(quantity > 0 && quantity <= available, "reserve", quantity);
        available -= quantity;
        reserved += quantity;
        touch(now);
    }

    void commitReserved(int quantity, Instant now) {
        require(quantity > 0 && quantity <= reserved, "commit", quantity);
        reserved -= quantity;
        committed += quantity;
        touch(now);
    }

    void releaseReserved(int quantity, Instant now) {
        require(quantity > 0 && quantity <= reserved, "release reserved", quantity);
        reserved -= quantity;
        available += quantity;
        touch(now);
    }

    void releaseCommitted(int quantity, Instant now) {
        require(quantity > 0 && quantity <= committed, "release committed", quantity);
        committed -= quantity;
        available += quantity;
        touch(now);
    }

    /** An admin adjustment: what is on the shelf besides what orders hold. */
    public void setAvailable(int units, Instant now) {
        require(units >= 0, "set available to", units);
        available = units;
        touch(now);
    }

    public String sku() {
        return sku;
    }

    public int available() {
        return available;
    }

    public int reserved() {
        return reserved;
    }

    public int committed() {
        return committed;
    }

    private void touch(Instant now) {
        updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    private void require(boolean valid, String operation, int quantity) {
        // Unreachable while the service's checks hold; failing here rolls the transaction back instead of
        // letting a bug create or destroy units (a negative move would create them).
        if (!valid) {
            throw new IllegalStateException("Cannot " + operation + " " + quantity + " of " + sku + " (available "
                    + available + ", reserved " + reserved + ", committed " + committed + ")");
        }
    }
}
