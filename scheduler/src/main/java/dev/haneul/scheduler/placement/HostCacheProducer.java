package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.config.SchedulerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The application's (this replica's) one {@link HostCache}. */
public class HostCacheProducer {
    /** Transactions that stamped {@code changed_at} this long before a refresh may still commit after it. */
    public static final Duration OVERLAP = Duration.ofSeconds(10);

    @Produces
    @Singleton
    HostCache hostCache(HostStore store, SchedulerConfig config) {
        return new HostCache(store, config.hostCacheRefresh(), config.hostCacheFullReload(), OVERLAP);
    }
}
