package dev.haneul.compute.saga;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.InstanceBootFailed;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.InstanceShutdownInitiated;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The launch saga of an instance, as one definition: its steps — who does each, the event that starts it, the
 * reply that ends it and the one that fails it, what the instance records when it is done, and what compensates
 * it — and the replies of the rest of the lifecycle (stop, terminate, the guest's own shutdown). {@link SagaHandler}
 * dispatches every reply from here (a reply no step or lifecycle entry names changes nothing), the boot waits for
 * every step that {@code InstanceRequested} starts ({@link #readyToBoot}), {@link InstanceLifecycle} carries out
 * each transition, and docs/ARCHITECTURE.md's step list is {@link #describe()} (LaunchSagaDefinitionTest keeps it
 * so).
 */
public final class LaunchSaga {
    private LaunchSaga() {
    }

    /** What a reply does to the instance: the events and commands to publish in the same transaction. */
    @FunctionalInterface
    public interface Transition<E extends HaneulEvent> {
        List<HaneulEvent> apply(Instance instance, E event, Instant now);
    }

    /** A reply of a participant: its event, the instance it concerns, and its transition. */
    public record Reply<E extends HaneulEvent>(Class<E> event, Function<E, String> instanceId, Transition<E> transition) {
        /** Applies the transition if {@code e} is this reply's event. */
        List<HaneulEvent> apply(Instance i, HaneulEvent e, Instant now) {
            return transition.apply(i, event.cast(e), now);
        }

        String instanceOf(HaneulEvent e) {
            return instanceId.apply(event.cast(e));
        }
    }

    /**
     * One step of the launch.
     *
     * @param participant  the service that does it
     * @param startedBy    the event or command that starts it
     * @param done         the reply that ends it
     * @param failed       the reply that fails it: the instance ends {@code terminated} with the reason
     * @param isDone       whether the instance has recorded the step's result for its current attempt
     * @param compensation what undoes the step when the launch fails or the instance is terminated
     */
    public record Step(String name, String participant, Class<? extends HaneulEvent> startedBy, Reply<?> done,
            Reply<?> failed, Predicate<Instance> isDone, String compensation) {
    }

    private static <E extends HaneulEvent> Reply<E> reply(Class<E> event, Function<E, String> instanceId,
            Transition<E> transition) {
        return new Reply<>(event, instanceId, transition);
    }

    /** The steps, in order: the first three side by side on {@code InstanceRequested}, then the boot. */
    public static final List<Step> STEPS = List.of(
            new Step("schedule", "scheduler", InstanceRequested.class,
                    reply(InstanceScheduled.class, InstanceScheduled::instanceId,
                            (i, e, now) -> InstanceLifecycle.onScheduled(i, e)),
                    reply(InstanceScheduleFailed.class, InstanceScheduleFailed::instanceId,
                            (i, f, now) -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                                    f.code() + ": " + f.message(), now)),
                    i -> i.scheduled,
                    "on InstanceTerminated the scheduler frees the host's capacity"),
            new Step("network", "network-service", InstanceRequested.class,
                    reply(InstanceNetworkAttached.class, InstanceNetworkAttached::instanceId,
                            (i, e, now) -> InstanceLifecycle.onNetworkAttached(i, e)),
                    reply(InstanceNetworkFailed.class, InstanceNetworkFailed::instanceId,
                            (i, f, now) -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                                    f.code() + ": " + f.message(), now)),
                    i -> i.networkReady,
                    "on InstanceTerminated network-service releases the interface, its private IP and any public IP"),
            new Step("volumes", "volume-service", InstanceRequested.class,
                    reply(InstanceVolumesAttached.class, InstanceVolumesAttached::instanceId,
                            (i, e, now) -> InstanceLifecycle.onVolumesAttached(i, e)),
                    reply(InstanceVolumesFailed.class, InstanceVolumesFailed::instanceId,
                            (i, f, now) -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                                    f.code() + ": " + f.message(), now)),
                    i -> i.volumesReady,
                    "on InstanceTerminated volume-service detaches the volumes and deletes those marked "
                            + "delete-on-termination"),
            new Step("boot", "host-agent", BootInstance.class,
                    reply(InstanceBooted.class, InstanceBooted::instanceId, (i, b, now) -> {
                        List<HaneulEvent> out = InstanceLifecycle.onBooted(i, b.attempt(), b.at());
                        if (!out.isEmpty()) {
                            i.consoleOutput = b.consoleOutput();
                            i.instanceStatus = null;
                        }
                        return out;
                    }),
                    reply(InstanceBootFailed.class, InstanceBootFailed::instanceId,
                            (i, f, now) -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(),
                                    f.code() == null ? InstanceLifecycle.INTERNAL_ERROR : f.code(), f.message(), f.at())),
                    i -> i.state == InstanceState.RUNNING,
                    "DestroyInstance to the host, then InstanceTerminated (every step above is compensated)"));

    /** The replies of the rest of the lifecycle: a stop, a terminate, the guest shutting itself down. */
    public static final List<Reply<?>> LIFECYCLE = List.of(
            reply(InstancePoweredOff.class, InstancePoweredOff::instanceId,
                    (i, p, now) -> InstanceLifecycle.onPoweredOff(i, p.attempt(), p.at())),
            reply(InstanceDestroyed.class, InstanceDestroyed::instanceId,
                    (i, d, now) -> InstanceLifecycle.onDestroyed(i, d.attempt(), d.at())),
            reply(InstanceShutdownInitiated.class, InstanceShutdownInitiated::instanceId,
                    (i, s, now) -> InstanceLifecycle.onGuestShutdown(i, s.attempt(),
                            "terminate".equals(i.shutdownBehavior), s.at())));

    private static final Map<Class<?>, Reply<?>> REPLIES = replies();

    private static Map<Class<?>, Reply<?>> replies() {
        Map<Class<?>, Reply<?>> byEvent = new LinkedHashMap<>();
        Stream.concat(STEPS.stream().flatMap(s -> Stream.of(s.done(), s.failed())), LIFECYCLE.stream())
                .forEach(r -> {
                    if (byEvent.put(r.event(), r) != null) {
                        throw new IllegalStateException(r.event().getSimpleName() + " answers two saga steps");
                    }
                });
        return Map.copyOf(byEvent);
    }

    /** The reply the definition names for this event, if any. */
    public static Optional<Reply<?>> replyTo(HaneulEvent e) {
        return Optional.ofNullable(REPLIES.get(e.getClass()));
    }

    /** The steps that {@code InstanceRequested} starts side by side; the boot waits for all of them. */
    public static List<Step> beforeBoot() {
        return STEPS.stream().filter(s -> s.startedBy() == InstanceRequested.class).toList();
    }

    /** True when every step before the boot is done for the instance's current attempt. */
    public static boolean readyToBoot(Instance i) {
        return beforeBoot().stream().allMatch(s -> s.isDone().test(i));
    }

    /** The step list of docs/ARCHITECTURE.md, as Markdown. */
    public static String describe() {
        StringBuilder md = new StringBuilder();
        md.append("| # | step | participant | started by | done | failed | compensation |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        int n = 1;
        for (Step s : STEPS) {
            md.append("| ").append(n++).append(" | ").append(s.name()).append(" | ").append(s.participant())
                    .append(" | `").append(s.startedBy().getSimpleName()).append("` | `")
                    .append(s.done().event().getSimpleName()).append("` | `").append(s.failed().event().getSimpleName())
                    .append("` | ").append(s.compensation()).append(" |\n");
        }
        md.append("\nThe boot starts once ").append(String.join(", ", beforeBoot().stream().map(Step::name).toList()))
                .append(" are done for the current attempt. Lifecycle replies: ")
                .append(String.join(", ", LIFECYCLE.stream().map(r -> "`" + r.event().getSimpleName() + "`").toList()))
                .append(" (commands `").append(StopInstance.class.getSimpleName()).append("` and `")
                .append(DestroyInstance.class.getSimpleName()).append("`).\n");
        return md.toString();
    }
}
