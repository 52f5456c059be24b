package dev.haneul.kit.auth;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.account.AccessKeyRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code account-events} into {@link Revocations}: every replica of every service, in its own consumer group
 * ({@code <application>-revocations-<uuid of this start>}), from the topic's start, so a replica that starts
 * knows the revocations of the last days too. Memory only, so no inbox: recording a revocation twice changes
 * nothing. Another event, or one it cannot read, is skipped (the services that act on account events have their
 * own consumers).
 */
@ApplicationScoped
public class RevocationConsumer {
    public static final String CHANNEL = "haneul-revocations";
    private static final Logger LOG = Logger.getLogger(RevocationConsumer.class);

    private final Revocations revocations;

    public RevocationConsumer(Revocations revocations) {
        this.revocations = revocations;
    }

    @Incoming(CHANNEL)
    public void consume(String payload) {
        Envelope envelope;
        try {
            envelope = EventCodec.decode(payload);
        } catch (RuntimeException e) {
            LOG.debugf("account event not readable, skipped: %s", e.toString());
            return;
        }
        if (envelope.data() instanceof AccessKeyRevoked r) {
            revocations.revoke(r.accessKeyId(), r.at());
            LOG.debugf("access key %s revoked at %s (%s)", r.accessKeyId(), r.at(), r.reason());
        }
    }
}
