package dev.haneul.agent.driver;

import java.util.List;

/**
 * What the agent asks of a hypervisor. Every operation is <em>accepted</em> synchronously (recorded durably,
 * so it survives an agent crash) and <em>completed</em> asynchronously through the {@link DriverListener}.
 * All operations are idempotent.
 */
public interface HypervisorDriver {

    /** Starts reporting completions to {@code listener} and resumes operations left unfinished by a crash. */
    void start(DriverListener listener);

    /** Boots the instance; a running one is reported booted again, a booting one is left to finish. */
    void boot(BootSpec spec);

    /** Powers the instance off; an unknown or stopped one is reported powered off again. */
    void stop(String hostId, String instanceId, int attempt);

    /** Reboots a running instance in place. */
    void reboot(String hostId, String instanceId, int attempt);

    /** Removes the instance whatever it is doing, cancelling a boot in progress; always reported destroyed. */
    void destroy(String hostId, String instanceId, int attempt);

    /**
     * Attaches a block volume to the instance at {@code device}; an attached one is reported attached again. An
     * unknown instance is not answered (the control plane gives the attach up when no answer comes).
     */
    void attachVolume(String hostId, String instanceId, String volumeId, String device, int sizeGib);

    /** Detaches a block volume; a volume (or instance) it does not know is reported detached. */
    void detachVolume(String hostId, String instanceId, String volumeId, String device, boolean force);

    /** True when guests are real (network, rules, processes); false for a driver that only keeps records. */
    default boolean hasDataPlane() {
        return false;
    }

    /**
     * Replaces a guest's kept spec (its rules, as enforced and as declared) and applies the rules to the running
     * guest at once. A driver without a data plane ignores it.
     */
    default void updateGuest(String instanceId, GuestSpec guest) {
    }

    /** The boot specs of the guests the driver holds (running or stopped), as it kept them; none by default. */
    default List<BootSpec> specs() {
        return List.of();
    }

    /** Every machine the hypervisor holds. */
    List<Vm> list();

    /** Stops timers; state stays in the store. */
    void close();
}
