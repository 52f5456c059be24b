package dev.haneul.scheduler.placement.weigher;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;

/**
 * One preference of the placement pipeline (as Nova's weighers): a raw value per host, which the pipeline
 * normalises to 0..1 over the candidate hosts and multiplies by the configured multiplier. A positive
 * multiplier prefers hosts with a high raw value, a negative one hosts with a low one.
 */
public interface HostWeigher {

    /** The name used in {@code haneul.scheduler.weighers}. */
    String name();

    double raw(HostState host, PlacementRequest request);
}
