package dev.haneul.agent.driver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A hypervisor simulated in memory: machines live in a map persisted to a {@link StateStore} on every change,
 * boots complete after a delay on one timer thread (never a blocked thread per machine), so any number of
 * hosts and boots cost only their map entries. Unfinished boots found in the store at start are resumed.
 */
public final class SimulatedDriver implements HypervisorDriver {
    private static final Logger LOG = Logger.getLogger(SimulatedDriver.class);

    private final StateStore store;
    private final Duration bootDelay;
    private final ScheduledExecutorService timer;
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> boots = new HashMap<>();
    private volatile DriverListener listener = DriverListener.NONE;

    public SimulatedDriver(StateStore store, Duration bootDelay) {
        this(store, bootDelay, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-hypervisor");
            t.setDaemon(true);
            return t;
        }));
    }

    /** With the timer that completes boots given (tests hold it to decide what happens before a boot ends). */
    SimulatedDriver(StateStore store, Duration bootDelay, ScheduledExecutorService timer) {
        this.store = store;
        this.bootDelay = bootDelay;
        this.timer = timer;
        store.load().forEach(vm -> vms.put(vm.instanceId(), vm));
    }

    @Override
    public synchronized void start(DriverListener l) {
        this.listener = l;
        for (Vm vm : vms.values()) {
            if (vm.state() == VmState.BOOTING) {
                LOG.infof("resuming the boot of %s on %s", vm.instanceId(), vm.hostId());
                schedule(vm, vm.bootDueAt() == null ? Instant.now() : vm.bootDueAt());
            }
        }
    }

    @Override
    public void boot(BootSpec spec) {
        Vm answer = null;
        synchronized (this) {
            Vm vm = vms.get(spec.instanceId());
            if (vm != null && vm.attempt() >= spec.attempt() && vm.state() != VmState.STOPPED) {
                if (vm.state() == VmState.RUNNING) {
                    answer = vm;
                }
            } else {
                Instant due = Instant.now().plus(bootDelay);
                Vm booting = new Vm(spec.instanceId(), spec.hostId(), spec.accountId(), spec.attempt(),
                        spec.instanceType(), VmState.BOOTING, due, null);
                vms.put(spec.instanceId(), booting);
                store.save(vms.values());
                schedule(booting, due);
            }
        }
        if (answer != null) {
            listener.booted(answer);
        }
    }

    @Override
    public void stop(String hostId, String instanceId, int attempt) {
        Vm off;
        synchronized (this) {
            Vm vm = vms.get(instanceId);
            if (vm == null) {
                off = new Vm(instanceId, hostId, null, attempt, null, VmState.STOPPED, null, "");
            } else {
                cancelBoot(instanceId);
                off = vm.with(VmState.STOPPED, Math.max(vm.attempt(), attempt), null, vm.consoleOutput());
                vms.put(instanceId, off);
                store.save(vms.values());
            }
        }
        listener.poweredOff(off);
    }

    @Override
    public void reboot(String hostId, String instanceId, int attempt) {
        synchronized (this) {
            Vm vm = vms.get(instanceId);
            if (vm == null || vm.state() != VmState.RUNNING) {
                return;
            }
            vms.put(instanceId, vm.with(VmState.RUNNING, vm.attempt(), null,
                    vm.consoleOutput() + "\n[reboot] " + Instant.now() + " rebooting\n" + console(vm)));
            store.save(vms.values());
        }
    }

    @Override
    public void destroy(String hostId, String instanceId, int attempt) {
        synchronized (this) {
            cancelBoot(instanceId);
            if (vms.remove(instanceId) != null) {
                store.save(vms.values());
            }
        }
        listener.destroyed(hostId, instanceId, attempt);
    }

    @Override
    public void attachVolume(String hostId, String instanceId, String volumeId, String device, int sizeGib) {
        synchronized (this) {
            Vm vm = vms.get(instanceId);
            if (vm == null) {
                LOG.warnf("AttachVolume %s: instance %s is not on %s; not answered", volumeId, instanceId, hostId);
                return;
            }
            if (!device.equals(vm.volumes().get(volumeId))) {
                Map<String, String> volumes = new LinkedHashMap<>(vm.volumes());
                volumes.put(volumeId, device);
                vms.put(instanceId, vm.withVolumes(volumes));
                store.save(vms.values());
            }
        }
        listener.volumeAttached(hostId, instanceId, volumeId, device);
    }

    @Override
    public void detachVolume(String hostId, String instanceId, String volumeId, String device, boolean force) {
        String was = null;
        synchronized (this) {
            Vm vm = vms.get(instanceId);
            if (vm != null && vm.volumes().containsKey(volumeId)) {
                Map<String, String> volumes = new LinkedHashMap<>(vm.volumes());
                was = volumes.remove(volumeId);
                vms.put(instanceId, vm.withVolumes(volumes));
                store.save(vms.values());
            }
        }
        listener.volumeDetached(hostId, instanceId, volumeId, was != null ? was : device);
    }

    @Override
    public synchronized List<Vm> list() {
        return new ArrayList<>(vms.values());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void schedule(Vm vm, Instant due) {
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        boots.put(vm.instanceId(), timer.schedule(() -> completeBoot(vm.instanceId(), vm.attempt()), delay,
                TimeUnit.MILLISECONDS));
    }

    private void cancelBoot(String instanceId) {
        ScheduledFuture<?> f = boots.remove(instanceId);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void completeBoot(String instanceId, int attempt) {
        Vm running;
        synchronized (this) {
            boots.remove(instanceId);
            Vm vm = vms.get(instanceId);
            if (vm == null || vm.state() != VmState.BOOTING || vm.attempt() != attempt) {
                return;
            }
            running = vm.with(VmState.RUNNING, attempt, null, console(vm));
            vms.put(instanceId, running);
            store.save(vms.values());
        }
        try {
            listener.booted(running);
        } catch (RuntimeException e) {
            LOG.warnf(e, "reporting the boot of %s failed", instanceId);
        }
    }

    private static String console(Vm vm) {
        return "Haneul simulated hypervisor on " + vm.hostId() + "\n"
                + "[    0.000000] Linux version 6.1.0-haneul (" + vm.instanceType() + ")\n"
                + "[    0.412000] Booting instance " + vm.instanceId() + " (attempt " + vm.attempt() + ")\n"
                + "cloud-init: " + vm.instanceId() + " finished at " + Instant.now() + "\n";
    }
}
