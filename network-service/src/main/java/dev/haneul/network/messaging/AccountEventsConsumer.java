package dev.haneul.network.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.network.quota.QuotaOverrides;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Hands {@code account-events} (an admin's quota overrides) to the quota store, once per event id. */
@ApplicationScoped
public class AccountEventsConsumer {
    public static final String CHANNEL = "account-events";
    static final String CONSUMER = "network-service.account-events";

    private final EventProcessor processor;
    private final QuotaOverrides overrides;

    public AccountEventsConsumer(EventProcessor processor, QuotaOverrides overrides) {
        this.processor = processor;
        this.overrides = overrides;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        return processor.process(CONSUMER, payload, this::dispatch);
    }

    private Uni<Void> dispatch(Envelope envelope) {
        if (envelope.data() instanceof AccountQuotasChanged c) {
            return overrides.apply(c);
        }
        return Uni.createFrom().voidItem();
    }
}
