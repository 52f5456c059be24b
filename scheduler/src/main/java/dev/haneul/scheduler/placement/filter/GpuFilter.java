package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.HostFit;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Passes hosts with as many free GPUs as the instance type has ({@link HostFit#gpusFit}). */
@ApplicationScoped
public class GpuFilter implements HostFilter {
    public static final String REASON = "insufficient-gpus";

    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return HostFit.gpusFit(host, request.gpus()) ? Optional.empty() : Optional.of(REASON);
    }
}
