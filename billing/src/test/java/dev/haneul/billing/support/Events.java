package dev.haneul.billing.support;

import dev.haneul.events.EventCodec;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.testing.EventProbe;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** Builds and publishes instance lifecycle events the way compute-api's relay would. */
public final class Events {
    private static final Random RANDOM = new Random();

    private Events() {
    }

    public static String account() {
        return String.valueOf(100_000_000_000L + (long) (RANDOM.nextDouble() * 899_999_999_999L));
    }

    public static String instanceId() {
        return dev.haneul.kit.Ids.newId("i");
    }

    public static EventCodec.Encoded running(String account, String instance, int attempt, String type, Instant at) {
        return encode(new InstanceRunning(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "10.0.0.5", null), at);
    }

    public static EventCodec.Encoded stopping(String account, String instance, int attempt, String type, Instant at) {
        return encode(new InstanceStopping(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "Client.UserInitiatedShutdown"), at);
    }

    public static EventCodec.Encoded terminated(String account, String instance, int attempt, String type,
            Instant at) {
        return encode(new InstanceTerminated(account, instance, attempt, at, type, "kr-central-1a", "host-1",
                "Client.UserInitiatedShutdown", "terminated"), at);
    }

    public static void send(String bootstrap, EventCodec.Encoded e) {
        EventProbe.send(bootstrap, e.topic(), e.key(), e.json());
    }

    private static EventCodec.Encoded encode(dev.haneul.events.HaneulEvent event, Instant at) {
        return EventCodec.encode(UUID.randomUUID().toString(), "compute-api", event, at);
    }
}
