package dev.haneul.agent.driver;

/** Told by a {@link HypervisorDriver} when an accepted operation has completed. */
public interface DriverListener {
    void booted(Vm vm);

    void poweredOff(Vm vm);

    void destroyed(String hostId, String instanceId, int attempt);

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
