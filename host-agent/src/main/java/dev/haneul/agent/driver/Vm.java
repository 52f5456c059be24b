package dev.haneul.agent.driver;

import java.time.Instant;

/**
 * One virtual machine as the hypervisor knows it. {@code state} is {@link VmState}; {@code bootDueAt} is when
 * a boot in progress completes (null when none is).
 */
public record Vm(String instanceId, String hostId, String accountId, int attempt, String instanceType,
        VmState state, Instant bootDueAt, String consoleOutput) {

    public Vm with(VmState newState, int newAttempt, Instant newBootDueAt, String newConsole) {
        return new Vm(instanceId, hostId, accountId, newAttempt, instanceType, newState, newBootDueAt, newConsole);
    }
}
