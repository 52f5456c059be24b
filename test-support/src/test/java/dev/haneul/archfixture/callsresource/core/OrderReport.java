package dev.haneul.archfixture.callsresource.core;

import dev.haneul.archfixture.callsresource.web.OrderResource;

/** Planted violation of rule 2: a service that calls a resource. */
public class OrderReport {
    private final OrderResource orders;

    public OrderReport(OrderResource orders) {
        this.orders = orders;
    }

    public String report(String id) {
        return orders.get(id).id();
    }
}
