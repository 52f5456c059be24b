package dev.haneul.kit.messaging;

import dev.haneul.events.Topics;
import dev.haneul.events.account.AccountQuotasChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * Consumes {@code account-events} for a service that enforces some of an account's quotas: each
 * {@code AccountQuotasChanged} reaches the service's quota overrides once in effect (through {@link EventProcessor},
 * under the service's consumer name, in the transaction that records the event id), and every other account event
 * is consumed and skipped. What the overrides mean and how they are stored stays the service's. Each such service
 * declares its own {@code @Incoming(AccountEvents.CHANNEL)} adapter, so only the services that configure the
 * channel consume the topic.
 */
@ApplicationScoped
public class AccountEvents {
    /** The adapters' channel; a service maps it to the topic of the same name. */
    public static final String CHANNEL = Topics.ACCOUNT_EVENTS;

    private final EventProcessor processor;

    public AccountEvents(EventProcessor processor) {
        this.processor = processor;
    }

    /** Hands {@code payload} to {@code overrides} if it is an {@code AccountQuotasChanged} seen for the first time. */
    public Uni<Void> process(String consumer, String payload, Function<AccountQuotasChanged, Uni<Void>> overrides) {
        return processor.process(consumer, payload, envelope -> envelope.data() instanceof AccountQuotasChanged c
                ? overrides.apply(c)
                : Uni.createFrom().voidItem());
    }
}
