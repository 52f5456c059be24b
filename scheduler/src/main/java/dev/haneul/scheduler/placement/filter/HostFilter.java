package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import java.util.Optional;

/**
 * One feasibility rule of the placement pipeline (one per class, as Nova's filters): a host passes, or is
 * rejected with a named reason that is counted and logged when nothing fits.
 */
public interface HostFilter {

    /** The name used in {@code haneul.scheduler.filters}. */
    String name();

    /** Empty when the host passes, otherwise why it cannot take the instance. */
    Optional<String> reject(HostState host, PlacementRequest request);
}
