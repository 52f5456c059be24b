package dev.haneul.volume.messaging;

import dev.haneul.kit.messaging.AccountEvents;
import dev.haneul.volume.quota.QuotaOverrides;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The {@code account-events} adapter: the kit's {@link AccountEvents} hands quota overrides to the store. */
@ApplicationScoped
public class AccountEventsConsumer {
    static final String CONSUMER = "volume-service.account-events";

    private final AccountEvents events;
    private final QuotaOverrides overrides;

    public AccountEventsConsumer(AccountEvents events, QuotaOverrides overrides) {
        this.events = events;
        this.overrides = overrides;
    }

    @Incoming(AccountEvents.CHANNEL)
    public Uni<Void> onAccountEvent(String payload) {
        return events.process(CONSUMER, payload, overrides::onQuotasChanged);
    }
}
