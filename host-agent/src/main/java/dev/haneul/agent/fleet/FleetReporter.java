package dev.haneul.agent.fleet;

import dev.haneul.agent.config.AgentConfig;
import dev.haneul.agent.driver.DriverListener;
import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.driver.Vm;
import dev.haneul.agent.driver.VmState;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.host.InstanceBootFailed;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Tells the rest of Haneul about the fleet: registers every host at start and periodically, heartbeats every
 * host, and turns the driver's completions into {@code InstanceBooted} / {@code InstancePoweredOff} /
 * {@code InstanceDestroyed} / {@code VolumeAttachedToHost} / {@code VolumeDetachedFromHost} events.
 */
@ApplicationScoped
public class FleetReporter implements DriverListener {
    private static final Logger LOG = Logger.getLogger(FleetReporter.class);

    private final AgentConfig config;
    private final Fleet fleet;
    private final HypervisorDriver driver;
    private final HostEventPublisher publisher;
    private volatile boolean started;

    public FleetReporter(AgentConfig config, Fleet fleet, HypervisorDriver driver, HostEventPublisher publisher) {
        this.config = config;
        this.fleet = fleet;
        this.driver = driver;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        LOG.infof("agent %s runs %d simulated hosts", config.id(), fleet.size());
        driver.start(this);
        started = true;
        register();
    }

    @Scheduled(every = "${haneul.agent.register-interval:60s}", delayed = "${haneul.agent.register-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void register() {
        if (!started) {
            return;
        }
        Map<String, List<String>> running = runningByHost();
        AgentConfig.Shape s = config.host();
        Instant now = Instant.now();
        List<HostRegistered> events = new ArrayList<>(fleet.size());
        for (HostSpec h : fleet.hosts()) {
            events.add(new HostRegistered(h.hostId(), now, config.id(), h.availabilityZone(), h.rack(), s.vcpus(),
                    s.memoryMib(), s.diskGib(), s.gpus(), s.gpus() > 0 ? s.gpuModel() : null, s.families(),
                    s.cpuOvercommit(), s.memoryOvercommit(), running.getOrDefault(h.hostId(), List.of())));
        }
        publisher.sendAll(events).subscribe().with(ok -> LOG.debugf("registered %d hosts", events.size()),
                e -> LOG.warnf("registering hosts failed: %s", e.getMessage()));
    }

    @Scheduled(every = "${haneul.agent.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!started) {
            return;
        }
        Map<String, List<String>> running = runningByHost();
        Instant now = Instant.now();
        List<HostHeartbeat> events = new ArrayList<>(fleet.size());
        for (HostSpec h : fleet.hosts()) {
            events.add(new HostHeartbeat(h.hostId(), now, config.id(), running.getOrDefault(h.hostId(), List.of())));
        }
        publisher.sendAll(events).subscribe().with(ok -> { },
                e -> LOG.warnf("heartbeats failed: %s", e.getMessage()));
    }

    private Map<String, List<String>> runningByHost() {
        Map<String, List<String>> out = new HashMap<>();
        for (Vm vm : driver.list()) {
            if (vm.state() != VmState.STOPPED) {
                out.computeIfAbsent(vm.hostId(), k -> new ArrayList<>()).add(vm.instanceId());
            }
        }
        return out;
    }

    @Override
    public void booted(Vm vm) {
        publisher.publish(new InstanceBooted(vm.hostId(), Instant.now(), vm.instanceId(), vm.attempt(),
                vm.consoleOutput()));
    }

    @Override
    public void bootFailed(String hostId, String instanceId, int attempt, String code, String message) {
        publisher.publish(new InstanceBootFailed(hostId, Instant.now(), instanceId, attempt, code, message));
    }

    @Override
    public void poweredOff(Vm vm) {
        publisher.publish(new InstancePoweredOff(vm.hostId(), Instant.now(), vm.instanceId(), vm.attempt()));
    }

    @Override
    public void destroyed(String hostId, String instanceId, int attempt) {
        publisher.publish(new InstanceDestroyed(hostId, Instant.now(), instanceId, attempt));
    }

    @Override
    public void volumeAttached(String hostId, String instanceId, String volumeId, String device) {
        publisher.publish(new VolumeAttachedToHost(hostId, Instant.now(), instanceId, volumeId, device));
    }

    @Override
    public void volumeDetached(String hostId, String instanceId, String volumeId, String device) {
        publisher.publish(new VolumeDetachedFromHost(hostId, Instant.now(), instanceId, volumeId, device));
    }
}
