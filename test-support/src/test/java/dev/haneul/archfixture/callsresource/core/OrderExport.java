package dev.haneul.archfixture.callsresource.core;

import dev.haneul.archfixture.callsresource.web.OrderResource.OrderView;

/** Planted violation of rule 2: a service that uses a type nested in a resource. */
public class OrderExport {
    public String export(OrderView view) {
        return view.id();
    }
}
