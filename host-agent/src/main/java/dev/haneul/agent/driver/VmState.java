package dev.haneul.agent.driver;

/** What a simulated machine is doing. */
public enum VmState {
    BOOTING, RUNNING, STOPPED
}
