package dev.haneul.agent.driver;

import java.time.Instant;
import java.util.Map;

/**
 * One virtual machine as the hypervisor knows it. {@code state} is {@link VmState}; {@code bootDueAt} is when
 * a boot in progress completes (null when none is); {@code volumes} are the block volumes attached to it
 * (volume id → device), never null.
 */
public record Vm(String instanceId, String hostId, String accountId, int attempt, String instanceType,
        VmState state, Instant bootDueAt, String consoleOutput, Map<String, String> volumes) {

    public Vm {
        volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
    }

    public Vm(String instanceId, String hostId, String accountId, int attempt, String instanceType, VmState state,
            Instant bootDueAt, String consoleOutput) {
        this(instanceId, hostId, accountId, attempt, instanceType, state, bootDueAt, consoleOutput, Map.of());
    }

    public Vm with(VmState newState, int newAttempt, Instant newBootDueAt, String newConsole) {
        return new Vm(instanceId, hostId, accountId, newAttempt, instanceType, newState, newBootDueAt, newConsole,
                volumes);
    }

    public Vm withVolumes(Map<String, String> newVolumes) {
        return new Vm(instanceId, hostId, accountId, attempt, instanceType, state, bootDueAt, consoleOutput,
                newVolumes);
    }
}
