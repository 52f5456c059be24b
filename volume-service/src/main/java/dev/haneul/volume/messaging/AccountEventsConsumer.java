package dev.haneul.volume.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.volume.quota.QuotaOverrides;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The {@code account-events} adapter: an admin's quota overrides ({@code AccountQuotasChanged}), once each. */
@ApplicationScoped
public class AccountEventsConsumer {
    public static final String CHANNEL = "account-events";
    static final String CONSUMER = "volume-service.account-events";

    private final EventProcessor processor;
    private final QuotaOverrides overrides;

    public AccountEventsConsumer(EventProcessor processor, QuotaOverrides overrides) {
        this.processor = processor;
        this.overrides = overrides;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onAccountEvent(String payload) {
        return processor.process(CONSUMER, payload, this::dispatch);
    }

    private Uni<Void> dispatch(Envelope envelope) {
        if (envelope.data() instanceof AccountQuotasChanged changed) {
            return overrides.onQuotasChanged(changed);
        }
        return Uni.createFrom().voidItem();
    }
}
