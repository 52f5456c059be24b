package dev.haneul.events.billing;

import dev.haneul.events.EventType;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * An account's invoice for a closed month was issued, on {@code billing-events} keyed by the invoice id.
 */
@EventType(value = "haneul.billing.invoice-issued.v1", topic = Topics.BILLING_EVENTS)
public record InvoiceIssued(String accountId, String invoiceId, String billingMonth, String totalUsd,
        String totalRoundedUsd, int lineCount, Instant at) implements HaneulEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
