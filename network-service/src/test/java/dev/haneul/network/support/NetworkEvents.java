package dev.haneul.network.support;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.network.NetworkEvent;
import dev.haneul.testing.EventProbe;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads {@code network-events} in a test: the events of one account, waited for with a condition. */
public final class NetworkEvents implements AutoCloseable {
    private final EventProbe probe;

    public NetworkEvents(String bootstrap) {
        probe = new EventProbe(bootstrap, Topics.NETWORK_EVENTS);
    }

    /** Waits until the account's events of {@code type} satisfy {@code condition}; returns them. */
    public <T extends NetworkEvent> List<T> await(String accountId, Class<T> type, Predicate<List<T>> condition) {
        probe.awaitEvents(Duration.ofSeconds(60), es -> condition.test(of(es, accountId, type)));
        return of(probe.events(), accountId, type);
    }

    /** Waits until at least {@code count} events of {@code type} of the account arrived; returns them. */
    public <T extends NetworkEvent> List<T> await(String accountId, Class<T> type, int count) {
        return await(accountId, type, l -> l.size() >= count);
    }

    /** The account's events of {@code type} seen so far. */
    public <T extends NetworkEvent> List<T> seen(String accountId, Class<T> type) {
        return of(probe.events(), accountId, type);
    }

    private static <T extends NetworkEvent> List<T> of(List<Envelope> es, String accountId, Class<T> type) {
        return EventProbe.ofType(es, type).stream().filter(e -> e.accountId().equals(accountId)).toList();
    }

    @Override
    public void close() {
        probe.close();
    }
}
