package dev.haneul.network.eni;

import io.smallrye.mutiny.Uni;

/**
 * Announces an interface's packet rules after its security groups changed. securitygroup's
 * {@code InterfaceRules} implements it (it makes the rules of the groups, and finds the interfaces a group's
 * change reaches), so eni needs nothing of securitygroup's, which reads interfaces.
 */
public interface InterfaceRulesPublisher {
    /** The interface's rules, one version on, through the outbox; the caller holds the interface's row lock. */
    Uni<Void> interfaceChanged(NetworkInterface eni);
}
