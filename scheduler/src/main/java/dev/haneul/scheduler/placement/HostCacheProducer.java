package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.config.SchedulerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The application's (this replica's) one {@link HostCache}. */
public class HostCacheProducer {
    /**
     * Transactions that stamped {@code changed_at} this long before a refresh may still commit after it. Every
     * refresh re-reads the rows changed within this (heartbeats no longer stamp it, so these are the claims,
     * releases and flag changes of that long). A change that committed later than this after its stamp is only
     * late in the view (until the zone's next full reload, or a failed claim re-reads the host), never wrong in a
     * claim.
     */
    public static final Duration OVERLAP = Duration.ofSeconds(2);

    @Produces
    @Singleton
    HostCache hostCache(HostStore store, SchedulerConfig config) {
        return new HostCache(store, config.hostCacheRefresh(), config.hostCacheFullReload(), OVERLAP,
                config.hostCacheLastSeenRefresh());
    }
}
