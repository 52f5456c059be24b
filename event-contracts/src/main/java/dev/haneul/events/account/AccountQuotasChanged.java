package dev.haneul.events.account;

import dev.haneul.events.EventType;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.Map;

/**
 * An admin set the account's quota overrides ({@code PUT /v1/accounts/{id}/quotas}); {@code quotas} is the
 * complete set of overrides from {@code at} (a quota absent from it is the service's configured default). Each
 * service keeps the overrides of the quotas it enforces in its own database. Keys: {@code vcpus},
 * {@code keyPairs} (compute-api); {@code elasticIps}, {@code vpcs}, {@code internetGateways},
 * {@code securityGroups} (network-service); {@code volumeGiB.<type>} (gp2, gp3, io1, io2, st1, sc1, standard),
 * {@code snapshots} (volume-service). On {@code account-events}, keyed by the account id, so the last event of an
 * account is its current overrides.
 */
@EventType(value = "haneul.account.quotas-changed.v1", topic = Topics.ACCOUNT_EVENTS)
public record AccountQuotasChanged(String accountId, Map<String, Long> quotas, Instant at) implements HaneulEvent {

    @Override
    public String subject() {
        return accountId;
    }
}
