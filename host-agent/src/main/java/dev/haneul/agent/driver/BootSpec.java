package dev.haneul.agent.driver;

/**
 * What the driver needs to boot an instance. {@code guest} is the real driver's extra configuration (network, key,
 * user data, rules); null from today's {@code BootInstance}, which the simulated driver does not need.
 */
public record BootSpec(String hostId, String instanceId, String accountId, int attempt, String instanceType,
        int vcpus, long memoryMib, String imageId, GuestSpec guest) {

    public BootSpec(String hostId, String instanceId, String accountId, int attempt, String instanceType, int vcpus,
            long memoryMib, String imageId) {
        this(hostId, instanceId, accountId, attempt, instanceType, vcpus, memoryMib, imageId, null);
    }

    /** The same boot with another guest configuration. */
    public BootSpec withGuest(GuestSpec newGuest) {
        return new BootSpec(hostId, instanceId, accountId, attempt, instanceType, vcpus, memoryMib, imageId, newGuest);
    }
}
