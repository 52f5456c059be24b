package dev.haneul.ec2.actions;

import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * One EC2 action: its name, whether it changes anything (a read-only key may not call it; {@code DryRun} says
 * so), the filters it honours (documented from here, docs/EC2-API.md) and how it is answered. The answer reads
 * every parameter it accepts before its first call, so that {@code UnknownParameter} is decided before anything
 * changes.
 */
public record Action(String name, boolean mutating, List<String> filters, Function<Call, Uni<Xml>> handler) {
    public static Action read(String name, List<String> filters, Function<Call, Uni<Xml>> handler) {
        return new Action(name, false, filters, handler);
    }

    public static Action read(String name, Function<Call, Uni<Xml>> handler) {
        return new Action(name, false, List.of(), handler);
    }

    public static Action write(String name, Function<Call, Uni<Xml>> handler) {
        return new Action(name, true, List.of(), handler);
    }
}
