package dev.haneul.agent.messaging;

import dev.haneul.agent.wiring.GuestWiring;
import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.network.InterfaceRulesChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code network-events} (in its own consumer group, so every agent sees every change) and hands the rule
 * changes of interfaces to {@link GuestWiring}, which applies those of its own guests. Nothing is answered.
 */
@ApplicationScoped
public class NetworkEventsConsumer {
    public static final String CHANNEL = Topics.NETWORK_EVENTS;

    private final GuestWiring wiring;

    public NetworkEventsConsumer(GuestWiring wiring) {
        this.wiring = wiring;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onEvent(String payload) {
        if (!wiring.followsRules()) {
            return;
        }
        HaneulEvent data = EventCodec.decode(payload).data();
        if (data instanceof InterfaceRulesChanged changed) {
            wiring.rulesChanged(changed);
        }
    }
}
