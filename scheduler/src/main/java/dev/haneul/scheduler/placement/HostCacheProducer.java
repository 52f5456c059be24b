package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.config.SchedulerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The application's (this replica's) one {@link HostCache}. */
public class HostCacheProducer {
    /**
     * Transactions that stamped {@code changed_at} this long before a refresh may still commit after it. Every
     * refresh re-reads the rows changed within this, and heartbeats stamp every host every 10 s, so the overlap is
     * most of what a refresh costs (at 10,000 hosts a 10 s overlap re-read the whole fleet each time: 10,000 rows,
     * about 380 ms on the loaded development machine). A change that committed later than this after its stamp is
     * only late in the view, never wrong in a claim, and the host's next heartbeat stamps it again.
     */
    public static final Duration OVERLAP = Duration.ofSeconds(2);

    @Produces
    @Singleton
    HostCache hostCache(HostStore store, SchedulerConfig config) {
        return new HostCache(store, config.hostCacheRefresh(), config.hostCacheFullReload(), OVERLAP);
    }
}
