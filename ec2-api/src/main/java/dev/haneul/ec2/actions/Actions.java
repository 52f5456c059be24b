package dev.haneul.ec2.actions;

import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Xml;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every action the endpoint answers, by name, and the rules every action shares: an unknown name is
 * {@code InvalidAction}; a read-only key may not change anything ({@code UnauthorizedOperation}); {@code DryRun}
 * answers {@code DryRunOperation} once the request is known to be allowed; a parameter no action reads is
 * {@code UnknownParameter} before anything is called (actions read their parameters when they build their answer,
 * and nothing is called before the answer is subscribed to).
 */
@ApplicationScoped
public class Actions {
    private final Map<String, Action> byName = new TreeMap<>();

    public Actions(@All List<ActionGroup> groups) {
        for (ActionGroup g : groups) {
            for (Action a : g.actions()) {
                if (byName.put(a.name(), a) != null) {
                    throw new IllegalStateException("two answers for " + a.name());
                }
            }
        }
    }

    public Collection<Action> all() {
        return byName.values();
    }

    public Uni<Xml> run(Call call) {
        Action a = byName.get(call.action());
        if (a == null) {
            throw new Ec2Exception(400, "InvalidAction", "The action " + call.action()
                    + " is not valid for this web service.");
        }
        if (a.mutating() && call.principal().readOnly()) {
            throw new Ec2Exception(403, "UnauthorizedOperation", "You are not authorized to perform this operation: "
                    + "the access key " + call.principal().accessKeyId() + " is read-only.");
        }
        Boolean dryRun = call.params().bool("DryRun");
        Uni<Xml> answer = a.handler().apply(call);
        call.params().rejectUnknown();
        if (Boolean.TRUE.equals(dryRun)) {
            throw new Ec2Exception(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        return answer;
    }
}
