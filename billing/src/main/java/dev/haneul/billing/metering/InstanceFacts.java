package dev.haneul.billing.metering;

import dev.haneul.events.Envelope;
import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceTerminating;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Which instance events bill: {@code InstanceRunning} starts the running meter, {@code InstanceStopping},
 * {@code InstanceTerminating} and {@code InstanceTerminated} end it. Everything else is not a billable fact.
 */
public final class InstanceFacts {

    private InstanceFacts() {
    }

    public static Optional<Fact> of(Envelope envelope) {
        if (!(envelope.data() instanceof InstanceEvent e)) {
            return Optional.empty();
        }
        Fact.Kind kind;
        String type;
        if (e instanceof InstanceRunning r) {
            kind = Fact.Kind.START;
            type = r.instanceType();
        } else if (e instanceof InstanceStopping s) {
            kind = Fact.Kind.END;
            type = s.instanceType();
        } else if (e instanceof InstanceTerminating t) {
            kind = Fact.Kind.END;
            type = t.instanceType();
        } else if (e instanceof InstanceTerminated t) {
            kind = Fact.Kind.END;
            type = t.instanceType();
        } else {
            return Optional.empty();
        }
        return Optional.of(new Fact(envelope.id(), envelope.type(), e.accountId(), e.instanceId(),
                MeterKind.INSTANCE_RUNNING, kind, type == null ? "unknown" : type, BigDecimal.ONE, e.at(),
                e.attempt()));
    }
}
