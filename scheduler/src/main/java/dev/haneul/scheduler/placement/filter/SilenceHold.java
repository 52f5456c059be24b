package dev.haneul.scheduler.placement.filter;

import java.time.Instant;

/**
 * Whether a host's silence proves nothing right now (the replica hears no host, or has just been cut off), so
 * the {@link AliveFilter} trusts a host that is not marked down. host's {@code LivenessHold} implements it (the
 * liveness check sets it), so placement needs nothing of host's, which reads placement's hosts.
 */
public interface SilenceHold {
    boolean holds(Instant now);
}
