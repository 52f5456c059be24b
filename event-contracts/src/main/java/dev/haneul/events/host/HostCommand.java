package dev.haneul.events.host;

import dev.haneul.events.HaneulEvent;

/** A command to the agent of one host, on {@code host-commands}, keyed by the host id. */
public sealed interface HostCommand extends HaneulEvent permits BootInstance, StopInstance, RebootInstance,
        DestroyInstance, AttachVolume, DetachVolume {

    String hostId();

    String instanceId();

    @Override
    default String subject() {
        return hostId();
    }
}
