package dev.mosaic.orders.persistence;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A replicated product price: orders' own copy of catalog data, fed by catalog.events. */
@Entity
@Table(name = "product_price")
public class ProductPrice {

    @Id
    private String sku;
    private long amount;
    private String currency;
    /** Time of the catalog fact this price comes from; older facts never overwrite newer ones. */
    @Column(name = "as_of")
    private OffsetDateTime asOf;

    protected ProductPrice() {
    }

    public ProductPrice(String sku, long amount, String currency, OffsetDateTime asOf) {
        this.sku = sku;
        this.amount = amount;
        this.currency = currency;
        this.asOf = asOf;
    }

    boolean update(long newAmount, String newCurrency, OffsetDateTime newAsOf) {
        if (newAsOf.isBefore(asOf)) {
            return false;
        }
        amount = newAmount;
        currency = newCurrency;
        asOf = newAsOf;
        return true;
    }

    public long amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }
}
