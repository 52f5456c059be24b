package dev.haneul.agent.driver;

/** What the driver needs to boot an instance. */
public record BootSpec(String hostId, String instanceId, String accountId, int attempt, String instanceType,
        int vcpus, long memoryMib, String imageId) {
}
