package dev.haneul.agent.driver.linux;

import dev.haneul.agent.driver.BootSpec;
import dev.haneul.agent.driver.DriverListener;
import dev.haneul.agent.driver.GuestSpec;
import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.driver.SecurityRule;
import dev.haneul.agent.driver.StateStore;
import dev.haneul.agent.driver.Vm;
import dev.haneul.agent.driver.VmState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Real guests on this Linux host, without a hypervisor: each instance is a set of namespaces (user, mount, PID,
 * UTS, IPC, network) running the image's sshd under a small init, its root filesystem an overlay of the image on
 * its root volume, limited by a cgroup, wired to its VPC's bridge and filtered by its security groups, its data
 * volumes mounted at {@code /mnt/<device>} ({@link DataVolumes}). Operations
 * are accepted at once and done on a worker thread, one at a time per instance; each instance's spec is kept in
 * {@code <stateDir>/instances/<id>/spec.json} and the machines in the agent's {@link StateStore}.
 */
public final class LinuxDriver implements HypervisorDriver {
    private static final Logger LOG = Logger.getLogger(LinuxDriver.class);
    private static final List<String> LIB = List.of("stage1.sh", "init.py", "userns-exec.py", "idmap-mount.py",
            "volume-mount.py", "mountapi.py");

    private final LinuxSettings settings;
    private final StateStore store;
    private final ImageStore images;
    private final SafetyRoutes safety;
    private final Cgroups cgroups;
    private final GuestNetwork network = new GuestNetwork();
    private final PacketFilter filter = new PacketFilter();
    private final PublicAddresses publicAddresses = new PublicAddresses();
    private final RootDisk disks;
    private final DataVolumes dataVolumes;
    private final GuestRuntime runtime;
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linux-driver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> launchers = new ConcurrentHashMap<>();
    /** The newest wiring asked for each guest ({@link #updateGuest}), until it is applied under its lock. */
    private final Map<String, GuestSpec> desired = new ConcurrentHashMap<>();
    private final InstanceFiles instances;
    private final Optional<String> refusal;
    private volatile DriverListener listener = DriverListener.NONE;

    public LinuxDriver(LinuxSettings settings, StateStore store) {
        this.settings = settings;
        this.store = store;
        this.images = new ImageStore(settings.imageDir(), settings.debianMirror());
        this.safety = new SafetyRoutes(settings.unreachableRoutes());
        this.cgroups = new Cgroups(settings.cgroupRoot());
        Path lib = settings.stateDir().resolve("lib");
        installLib(lib);
        this.disks = new RootDisk(lib.resolve("idmap-mount.py"));
        this.dataVolumes = new DataVolumes(lib.resolve("volume-mount.py"), settings.blockStore());
        this.runtime = new GuestRuntime(lib, cgroups);
        this.instances = new InstanceFiles(settings.stateDir().resolve("instances"));
        this.refusal = HostCheck.refusal();
        store.load().forEach(vm -> vms.put(vm.instanceId(), vm));
    }

    /** Why this host cannot run real guests (the driver then refuses every boot), or empty. */
    public Optional<String> refusal() {
        return refusal;
    }

    /**
     * Starts reporting, installs the safety routes, starts building the images it boots that this host does not have
     * yet (on a fresh machine the first launch would otherwise wait for debootstrap, minutes, and the saga could
     * give its boot up) and takes back the guests a previous agent left: a guest whose processes are alive with sshd
     * listening is adopted (watched again, its rules re-applied, reported booted again); any other that was booting
     * or running is cleaned up and reported powered off.
     */
    @Override
    public void start(DriverListener l) {
        this.listener = l;
        refusal.ifPresentOrElse(r -> LOG.warnf("linux driver: this host cannot run guests: %s", r), () -> {
            safety.ensure();
            workers.execute(this::prepareImages);
        });
        for (Vm vm : list()) {
            if (vm.state() != VmState.STOPPED) {
                workers.execute(() -> withLock(vm.instanceId(), () -> adopt(vm)));
            }
        }
    }

    private void prepareImages() {
        for (String rootfs : new TreeSet<>(settings.images().values())) {
            try {
                images.ensure(rootfs);
            } catch (RuntimeException e) {
                LOG.warnf("linux driver: image %s could not be built now (a boot of it tries again): %s", rootfs,
                        e.getMessage());
            }
        }
    }

    private void adopt(Vm vm) {
        InstanceFiles.Instance inst = instances.read(vm.instanceId());
        List<Long> pids = cgroups.pids(vm.instanceId());
        if (inst != null && vm.state() == VmState.RUNNING && pids.stream().anyMatch(p -> GuestRuntime.listens(p, 22))) {
            long pid = pids.stream().filter(p -> ProcessHandle.of(p).flatMap(h -> h.info().commandLine())
                    .map(c -> c.contains("userns-exec.py")).orElse(false)).findFirst().orElse(pids.get(0));
            launchers.put(vm.instanceId(), pid);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().thenRun(() -> guestEnded(inst.spec(), pid)));
            filter.apply(GuestNetwork.guestNamespace(vm.instanceId()), inst.spec().guest().ingress(),
                    inst.spec().guest().egress());
            LOG.infof("%s: adopted the running guest (launcher pid %d)", vm.instanceId(), pid);
            Vm running = vm.with(VmState.RUNNING, vm.attempt(), null, consoleOutput(vm.instanceId()));
            put(running);
            listener.booted(running);
        } else {
            LOG.infof("%s was %s but its guest is gone; cleaning up", vm.instanceId(), vm.state());
            listener.poweredOff(halt(vm.instanceId(), vm.hostId(), vm.attempt()));
        }
    }

    @Override
    public void boot(BootSpec spec) {
        desired.remove(spec.instanceId()); // this boot's wiring is newer than any asked before it
        workers.execute(() -> withLock(spec.instanceId(), () -> doBoot(spec)));
    }

    @Override
    public void stop(String hostId, String instanceId, int attempt) {
        workers.execute(() -> withLock(instanceId, () -> {
            Vm off = halt(instanceId, hostId, attempt);
            listener.poweredOff(off);
        }));
    }

    @Override
    public void reboot(String hostId, String instanceId, int attempt) {
        workers.execute(() -> withLock(instanceId, () -> {
            InstanceFiles.Instance inst = instances.read(instanceId);
            if (inst == null || vm(instanceId).map(v -> v.state() != VmState.RUNNING).orElse(true)) {
                return;
            }
            halt(instanceId, hostId, attempt);
            doBoot(inst.spec());
        }));
    }

    @Override
    public void destroy(String hostId, String instanceId, int attempt) {
        desired.remove(instanceId);
        workers.execute(() -> withLock(instanceId, () -> {
            InstanceFiles.Instance inst = instances.read(instanceId);
            halt(instanceId, hostId, attempt);
            if (inst != null && inst.spec().guest() != null) {
                network.detach(instanceId, inst.slot(), inst.spec().guest().vpcId(), true);
            }
            Path dir = instanceDir(instanceId);
            boolean keep = inst != null && inst.spec().guest() != null
                    && !inst.spec().guest().deleteRootOnTermination();
            if (keep) {
                LOG.infof("%s destroyed; root volume kept at %s", instanceId, RootDisk.volumeFile(dir));
                Exec.run("find", dir.toString(), "-mindepth", "1", "-maxdepth", "1", "!", "-name", "root.img",
                        "-exec", "rm", "-rf", "{}", "+");
            } else {
                Exec.run("rm", "-rf", dir.toString());
            }
            synchronized (vms) {
                if (vms.remove(instanceId) != null) {
                    store.save(vms.values());
                }
            }
            listener.destroyed(hostId, instanceId, attempt);
        }));
    }

    /** Replaces the instance's security-group rules (atomically, on the running guest), before it returns. */
    public void updateSecurityRules(String instanceId, List<SecurityRule> ingress, List<SecurityRule> egress) {
        InstanceFiles.Instance inst = instances.read(instanceId);
        if (inst == null) {
            throw new IllegalArgumentException("unknown instance " + instanceId);
        }
        desired.put(instanceId, inst.spec().guest().withRules(ingress, egress));
        withLock(instanceId, () -> applyDesired(instanceId));
    }

    /**
     * Accepted at once, applied on a worker under the guest's lock (never waiting here for a boot in progress):
     * only the newest wiring asked for a guest is applied; a guest whose boot has not started yet takes it then.
     */
    @Override
    public void updateGuest(String instanceId, GuestSpec guest) {
        desired.put(instanceId, guest);
        workers.execute(() -> withLock(instanceId, () -> applyDesired(instanceId)));
    }

    /** Under the guest's lock: the newest asked wiring into its kept spec, its rules onto the running guest. */
    private void applyDesired(String instanceId) {
        InstanceFiles.Instance inst = instances.read(instanceId);
        if (inst == null) {
            return; // not booted yet: its boot takes the wiring
        }
        GuestSpec guest = desired.remove(instanceId);
        if (guest == null) {
            return;
        }
        BootSpec s = inst.spec();
        // the wiring knows the network; the attached volumes are what attach and detach made them here
        guest = guest.withDataVolumes(s.guest().dataVolumes());
        BootSpec updated = s.withGuest(guest);
        instances.write(new InstanceFiles.Instance(updated, inst.slot()));
        if (GuestNetwork.exists(GuestNetwork.guestNamespace(instanceId))) {
            filter.apply(GuestNetwork.guestNamespace(instanceId), guest.ingress(), guest.egress());
        }
    }

    /**
     * Mounts the volume in the running guest and keeps it in the guest's spec (its next boots mount it too), then
     * answers attached; an instance this host does not have, or a volume that cannot be mounted, is not answered
     * (the control plane gives the attach up).
     */
    @Override
    public void attachVolume(String hostId, String instanceId, String volumeId, String device, int sizeGib) {
        workers.execute(() -> withLock(instanceId, () -> {
            InstanceFiles.Instance inst = instances.read(instanceId);
            if (inst == null || inst.spec().guest() == null) {
                LOG.warnf("AttachVolume %s to %s: no such guest on this host; not answered", volumeId, instanceId);
                return;
            }
            try {
                OptionalLong pid = runningGuest(instanceId);
                if (pid.isPresent()) {
                    dataVolumes.attach(volumeId, device, pid.getAsLong(), sizeGib);
                }
            } catch (RuntimeException e) {
                LOG.warnf("AttachVolume %s to %s at %s failed; not answered: %s", volumeId, instanceId, device,
                        e.getMessage());
                return;
            }
            List<GuestSpec.DataVolume> volumes = new ArrayList<>(inst.spec().guest().dataVolumes());
            volumes.removeIf(v -> v.volumeId().equals(volumeId) || v.device().equals(device));
            volumes.add(new GuestSpec.DataVolume(volumeId, device, sizeGib));
            keepVolumes(inst, volumes);
            LOG.infof("%s: %s attached at %s (%s)", instanceId, volumeId, device, DataVolumes.mountPoint(device));
            listener.volumeAttached(hostId, instanceId, volumeId, device);
        }));
    }

    /**
     * Unmounts the volume from the running guest and forgets it, then answers detached. A volume a guest process
     * still uses is not detached without {@code force} (not answered: the control plane asks again, then settles
     * it); with force it is unmounted lazily.
     */
    @Override
    public void detachVolume(String hostId, String instanceId, String volumeId, String device, boolean force) {
        workers.execute(() -> withLock(instanceId, () -> {
            InstanceFiles.Instance inst = instances.read(instanceId);
            if (inst != null && inst.spec().guest() != null) {
                OptionalLong pid = runningGuest(instanceId);
                if (pid.isPresent() && !dataVolumes.detach(device, pid.getAsLong(), force)) {
                    LOG.warnf("DetachVolume %s from %s: %s is busy in the guest; not detached (use force)", volumeId,
                            instanceId, DataVolumes.mountPoint(device));
                    return;
                }
                List<GuestSpec.DataVolume> volumes = new ArrayList<>(inst.spec().guest().dataVolumes());
                if (volumes.removeIf(v -> v.volumeId().equals(volumeId))) {
                    keepVolumes(inst, volumes);
                }
            }
            listener.volumeDetached(hostId, instanceId, volumeId, device);
        }));
    }

    private void keepVolumes(InstanceFiles.Instance inst, List<GuestSpec.DataVolume> volumes) {
        BootSpec s = inst.spec();
        instances.write(new InstanceFiles.Instance(s.withGuest(s.guest().withDataVolumes(volumes)), inst.slot()));
    }

    /** A process in the running guest's own mount namespace (its view is the guest's), if the guest runs. */
    private OptionalLong runningGuest(String instanceId) {
        if (vm(instanceId).map(v -> v.state() != VmState.RUNNING).orElse(true)) {
            return OptionalLong.empty();
        }
        return guestProcess(instanceId);
    }

    private OptionalLong guestProcess(String instanceId) {
        String host = namespace(ProcessHandle.current().pid());
        for (long pid : cgroups.pids(instanceId)) {
            String ns = namespace(pid);
            if (ns != null && !ns.equals(host)) {
                return OptionalLong.of(pid);
            }
        }
        return OptionalLong.empty();
    }

    private static String namespace(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean hasDataPlane() {
        return true;
    }

    @Override
    public List<BootSpec> specs() {
        List<BootSpec> out = new ArrayList<>();
        for (Vm vm : list()) {
            InstanceFiles.Instance inst = instances.read(vm.instanceId());
            if (inst != null) {
                out.add(inst.spec());
            }
        }
        return out;
    }

    @Override
    public List<Vm> list() {
        synchronized (vms) {
            return new ArrayList<>(vms.values());
        }
    }

    @Override
    public void close() {
        launchers.clear(); // guests keep running; a next agent adopts them
        workers.shutdownNow();
    }

    /** The instance's directory (volume, mounts, seed, console log). */
    public Path instanceDir(String instanceId) {
        return instances.dir(instanceId);
    }

    public String consoleOutput(String instanceId) {
        return GuestRuntime.console(instanceDir(instanceId));
    }

    public Cgroups cgroups() {
        return cgroups;
    }

    private void doBoot(BootSpec asked) {
        Optional<Vm> current = vm(asked.instanceId());
        if (current.isPresent() && current.get().state() == VmState.RUNNING && current.get().attempt() >= asked.attempt()
                && !cgroups.pids(asked.instanceId()).isEmpty()) {
            applyDesired(asked.instanceId());
            listener.booted(current.get());
            return;
        }
        GuestSpec newer = desired.remove(asked.instanceId());
        BootSpec spec = newer == null || asked.guest() == null ? asked
                : asked.withGuest(newer.withDataVolumes(asked.guest().dataVolumes()));
        try {
            String reason = refusal.orElse(spec.guest() == null
                    ? "the boot command carries no network configuration (subnet, gateway, key): the linux driver"
                            + " needs a GuestSpec"
                    : null);
            if (reason != null) {
                throw new IllegalStateException(reason);
            }
            GuestSpec g = spec.guest();
            if (!safety.covers(g.subnetCidr())) {
                throw new IllegalStateException("subnet " + g.subnetCidr() + " is outside the guarded ranges "
                        + safety.cidrs() + "; refusing to create addresses that could leave the machine");
            }
            String rootfs = settings.images().get(spec.imageId());
            if (rootfs == null) {
                throw new IllegalStateException("image " + spec.imageId() + " has no root filesystem on this host:"
                        + " the linux driver boots " + settings.images().keySet() + " (" + ImageStore.DEBIAN_12
                        + "; other distributions' archives are not reachable here)");
            }
            if (g.publicIp() != null && !safety.covers(g.publicIp() + "/32")) {
                throw new IllegalStateException("public IP " + g.publicIp() + " is outside the guarded ranges "
                        + safety.cidrs() + "; refusing to route an address that could leave the machine");
            }
            safety.ensure();
            long started = System.nanoTime();
            put(new Vm(spec.instanceId(), spec.hostId(), spec.accountId(), spec.attempt(), spec.instanceType(),
                    VmState.BOOTING, null, consoleOutput(spec.instanceId())));
            Path image = images.ensure(rootfs);
            InstanceFiles.Instance inst = instances.allocate(spec);
            long uidBase = settings.uidBase() + (long) LinuxSettings.UIDS_PER_GUEST * inst.slot();
            Path dir = instanceDir(spec.instanceId());
            disks.mount(dir, image, g.rootVolumeGib(), uidBase);
            cgroups.create(spec.instanceId(), spec.vcpus(), spec.memoryMib());
            network.attach(spec.instanceId(), inst.slot(), g);
            filter.apply(GuestNetwork.guestNamespace(spec.instanceId()), g.ingress(), g.egress());
            if (g.publicIp() != null) {
                publicAddresses.publish(g.vpcId(), g.publicIp(), g.privateIp());
            }
            runtime.writeSeed(dir, spec.instanceId(), g);
            long pid = runtime.launch(dir, spec.instanceId(), uidBase, g.hostname());
            launchers.put(spec.instanceId(), pid);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().thenRun(() -> guestEnded(spec, pid)));
            runtime.awaitSshd(dir, pid, settings.bootTimeout());
            long guest = guestProcess(spec.instanceId()).orElseThrow(() -> new IllegalStateException(
                    "the guest's processes are gone"));
            for (GuestSpec.DataVolume v : g.dataVolumes()) {
                try {
                    dataVolumes.attach(v.volumeId(), v.device(), guest, v.sizeGib());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("volume " + v.volumeId() + " at " + v.device()
                            + " could not be attached: " + e.getMessage(), e);
                }
            }
            LOG.infof("%s running (%s, uid base %d) in %d ms", spec.instanceId(), g.privateIp(), uidBase,
                    (System.nanoTime() - started) / 1_000_000);
            Vm running = new Vm(spec.instanceId(), spec.hostId(), spec.accountId(), spec.attempt(),
                    spec.instanceType(), VmState.RUNNING, null, consoleOutput(spec.instanceId()));
            put(running);
            listener.booted(running);
        } catch (RuntimeException e) {
            LOG.warnf("boot of %s failed: %s", spec.instanceId(), e.getMessage());
            try {
                halt(spec.instanceId(), spec.hostId(), spec.attempt());
            } catch (RuntimeException cleanup) {
                LOG.warnf("cleaning up the failed boot of %s: %s", spec.instanceId(), cleanup.getMessage());
            }
            listener.bootFailed(spec.hostId(), spec.instanceId(), spec.attempt(), "Server.InternalError",
                    e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** The guest's init exited on its own (poweroff inside the guest, or a crash): the instance is stopped. */
    private void guestEnded(BootSpec spec, long pid) {
        if (!launchers.remove(spec.instanceId(), pid)) {
            return; // the driver stopped it, or a newer boot runs
        }
        workers.execute(() -> withLock(spec.instanceId(), () -> {
            LOG.infof("%s: the guest powered itself off", spec.instanceId());
            listener.poweredOff(halt(spec.instanceId(), spec.hostId(), spec.attempt()));
        }));
    }

    /** Stops the guest: kills its processes, unmounts, removes cgroup and network; keeps volume and spec. */
    private Vm halt(String instanceId, String hostId, int attempt) {
        launchers.remove(instanceId);
        InstanceFiles.Instance inst = instances.read(instanceId);
        runtime.kill(instanceId, Duration.ofSeconds(10));
        disks.unmount(instanceDir(instanceId));
        cgroups.remove(instanceId);
        if (inst != null && inst.spec().guest() != null) {
            GuestSpec g = inst.spec().guest();
            if (g.publicIp() != null) {
                publicAddresses.withdraw(g.vpcId(), g.publicIp());
            }
            network.detach(instanceId, inst.slot(), g.vpcId(), true);
        }
        Vm off = vm(instanceId).map(v -> v.with(VmState.STOPPED, Math.max(v.attempt(), attempt), null,
                consoleOutput(instanceId))).orElse(new Vm(instanceId, hostId, null, attempt, null, VmState.STOPPED,
                        null, ""));
        if (vm(instanceId).isPresent()) {
            put(off);
        }
        return off;
    }


    private Optional<Vm> vm(String instanceId) {
        synchronized (vms) {
            return Optional.ofNullable(vms.get(instanceId));
        }
    }

    private void put(Vm vm) {
        synchronized (vms) {
            vms.put(vm.instanceId(), vm);
            store.save(vms.values());
        }
    }

    private void withLock(String instanceId, Runnable r) {
        synchronized (locks.computeIfAbsent(instanceId, k -> new Object())) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "linux driver: operation on %s failed", instanceId);
                throw e;
            }
        }
    }

    private static void installLib(Path lib) {
        try {
            Files.createDirectories(lib);
            for (String name : LIB) {
                try (InputStream in = LinuxDriver.class.getResourceAsStream("/linux/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("resource /linux/" + name + " missing");
                    }
                    Files.copy(in, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
                Exec.run("chmod", "0755", lib.resolve(name).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the guest helpers in " + lib, e);
        }
    }
}
