package dev.haneul.scheduler.placement.weigher;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Instances on the host: a negative multiplier prefers emptier hosts (smaller blast radius). */
@ApplicationScoped
public class InstanceCountWeigher implements HostWeigher {
    @Override
    public String name() {
        return "instance-count";
    }

    @Override
    public double raw(HostState host, PlacementRequest request) {
        return host.instanceCount();
    }
}
