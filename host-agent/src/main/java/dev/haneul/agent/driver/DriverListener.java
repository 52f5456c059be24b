package dev.haneul.agent.driver;

/** Told by a {@link HypervisorDriver} when an accepted operation has completed. */
public interface DriverListener {
    void booted(Vm vm);

    void poweredOff(Vm vm);

    void destroyed(String hostId, String instanceId, int attempt);

    /** The driver could not boot the instance; {@code code} is an EC2 state reason code. */
    default void bootFailed(String hostId, String instanceId, int attempt, String code, String message) {
    }

    /** The volume is attached to the instance at {@code device} (also when it already was). */
    default void volumeAttached(String hostId, String instanceId, String volumeId, String device) {
    }

    /** The volume is no longer attached to the instance (also when it never was). */
    default void volumeDetached(String hostId, String instanceId, String volumeId, String device) {
    }

    /** A listener that ignores everything, for tests. */
    DriverListener NONE = new DriverListener() {
        @Override
        public void booted(Vm vm) {
        }

        @Override
        public void poweredOff(Vm vm) {
        }

        @Override
        public void destroyed(String hostId, String instanceId, int attempt) {
        }
    };
}
