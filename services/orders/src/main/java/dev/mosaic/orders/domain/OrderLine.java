package dev.mosaic.orders.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of an order, priced when the order was placed. */
@Embeddable
public class OrderLine {

    private String sku;
    private int quantity;
    @Column(name = "unit_price_amount")
    private long unitPriceAmount;
    @Column(name = "unit_price_currency")
    private String unitPriceCurrency;

    protected OrderLine() {
    }

    public OrderLine(String sku, int quantity, Money unitPrice) {
        this.sku = sku;
        this.quantity = quantity;
        this.unitPriceAmount = unitPrice.amount();
        this.unitPriceCurrency = unitPrice.currency();
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public Money unitPrice() {
        return new Money(unitPriceAmount, unitPriceCurrency);
    }

    public Money total() {
        return unitPrice().times(quantity);
    }
}
