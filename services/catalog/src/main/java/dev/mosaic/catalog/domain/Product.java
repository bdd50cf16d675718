package dev.mosaic.catalog.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Something for sale: identified by its sku, priced in minor units. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    private String sku;
    private String name;
    private String description;
    private String category;
    @Column(name = "price_amount")
    private long priceAmount;
    @Column(name = "price_currency")
    private String priceCurrency;
    @Column(name = "image_url")
    private String imageUrl;
    @Version
    private long version;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;
    /** Whether product.created went to the outbox (see db/migration/V4). */
    private boolean announced;

    protected Product() {
    }

    public Product(String sku, ProductDetails details, Instant now) {
        this.sku = sku;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        apply(details, now);
    }

    /** Records that product.created was written for this product, in the transaction that wrote it. */
    public void announced() {
        this.announced = true;
    }

    public boolean isAnnounced() {
        return announced;
    }

    /** Replaces the editable fields; returns the previous price. */
    public Money apply(ProductDetails details, Instant now) {
        Money previous = priceCurrency == null ? null : price();
        this.name = details.name();
        this.description = details.description();
        this.category = details.category();
        this.priceAmount = details.price().amount();
        this.priceCurrency = details.price().currency();
        this.imageUrl = details.imageUrl();
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
        return previous;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String category() {
        return category;
    }

    public Money price() {
        return new Money(priceAmount, priceCurrency);
    }

    public String imageUrl() {
        return imageUrl;
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }

    public Instant updatedAt() {
        return updatedAt.toInstant();
    }
}
