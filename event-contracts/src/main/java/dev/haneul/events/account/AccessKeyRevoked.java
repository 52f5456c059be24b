package dev.haneul.events.account;

import dev.haneul.events.EventType;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * An access key was deactivated or deleted ({@code reason}: {@code deactivated}, {@code deleted}) at {@code at}:
 * every bearer token issued for it before then is refused from now on, by every service (the kit's
 * {@code Revocations}), though it has not expired. A key made active again issues new tokens; the old ones stay
 * refused. On {@code account-events}, keyed by the account id.
 */
@EventType(value = "haneul.account.access-key-revoked.v1", topic = Topics.ACCOUNT_EVENTS)
public record AccessKeyRevoked(String accountId, String accessKeyId, String reason, Instant at) implements HaneulEvent {

    @Override
    public String subject() {
        return accountId;
    }
}
