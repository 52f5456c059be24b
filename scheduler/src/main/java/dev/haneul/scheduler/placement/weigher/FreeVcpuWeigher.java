package dev.haneul.scheduler.placement.weigher;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Free vCPUs: a positive multiplier spreads instances over hosts, a negative one packs them. */
@ApplicationScoped
public class FreeVcpuWeigher implements HostWeigher {
    @Override
    public String name() {
        return "free-vcpu";
    }

    @Override
    public double raw(HostState host, PlacementRequest request) {
        return host.freeVcpus();
    }
}
