package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.saga.LaunchSaga;
import dev.haneul.events.EventCatalog;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.InstanceBootFailed;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.InstanceShutdownInitiated;
import dev.haneul.events.host.RebootInstance;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceRebooted;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Walks the saga through its definition, as SagaHandler dispatches it ({@link LaunchSaga#replyTo}): launch,
 * stop, start, reboot, terminate, a host failure with auto-recovery, the guest's own shutdown, and each
 * participant's failure with its compensation; and keeps docs/ARCHITECTURE.md's step list equal to the definition
 * (run with -Dhaneul.saga.write=true to rewrite it).
 */
class LaunchSagaDefinitionTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");
    private static final Path DOC = Path.of("../docs/ARCHITECTURE.md");
    private static final String BEGIN = "<!-- the launch saga's steps: generated from compute-api's saga/LaunchSaga -->\n";
    private static final String END = "<!-- end of the generated steps -->";

    /** The instance as the saga holds it, dispatching each reply through the definition. */
    static final class Saga {
        final Instance i = InstanceLifecycleTest.pending();

        @SuppressWarnings({"unchecked", "rawtypes"})
        List<HaneulEvent> reply(HaneulEvent e) {
            LaunchSaga.Reply r = LaunchSaga.replyTo(e).orElseThrow(() -> new AssertionError("no reply for " + e));
            assertEquals(i.instanceId, r.instanceId().apply(e));
            return r.transition().apply(i, e, T);
        }

        List<HaneulEvent> scheduled() {
            return reply(new InstanceScheduled(i.accountId, i.instanceId, i.attempt, T, "host-1", i.availabilityZone,
                    i.instanceType, 2, 1024));
        }

        List<HaneulEvent> networked() {
            return reply(new InstanceNetworkAttached(i.accountId, i.instanceId, i.attempt, T, "eni-1", "vpc-1",
                    "subnet-1", "172.31.0.4", null, "02:00:00:00:00:01", List.of("sg-1"), "172.31.0.0/20", null, 0));
        }

        List<HaneulEvent> volumed() {
            return reply(new InstanceVolumesAttached(i.accountId, i.instanceId, i.attempt, T,
                    List.of(new AttachedVolume("vol-1", "/dev/sda1", 8, "gp3", true, true))));
        }

        List<HaneulEvent> booted() {
            return reply(new InstanceBooted(i.hostId, T, i.instanceId, i.attempt, "login: "));
        }

        Saga running() {
            scheduled();
            networked();
            volumed();
            booted();
            assertEquals(InstanceState.RUNNING, i.state);
            return this;
        }
    }

    private static <T> T only(List<HaneulEvent> out, Class<T> type) {
        assertEquals(1, out.stream().filter(type::isInstance).count(), "one " + type.getSimpleName() + " in " + out);
        return type.cast(out.stream().filter(type::isInstance).findFirst().orElseThrow());
    }

    @Test
    void aLaunchBootsOnceEveryStepBeforeTheBootIsDoneInAnyOrderThenRuns() {
        assertEquals(List.of("schedule", "network", "volumes"), LaunchSaga.beforeBoot().stream()
                .map(LaunchSaga.Step::name).toList());
        Saga s = new Saga();
        assertEquals(List.of(), s.volumed());
        assertEquals(List.of(), s.scheduled());
        BootInstance boot = only(s.networked(), BootInstance.class);
        assertEquals("host-1", boot.hostId());
        assertEquals("172.31.0.4", boot.privateIpAddress());
        assertEquals(1, boot.volumes().size());
        assertEquals(List.of(), s.networked());   // a repeated reply sends no second boot
        InstanceRunning running = only(s.booted(), InstanceRunning.class);
        assertEquals("host-1", running.hostId());
        assertEquals(InstanceState.RUNNING, s.i.state);
        assertEquals("login: ", s.i.consoleOutput);
    }

    @Test
    void eachParticipantsFailureEndsTheLaunchTerminatedAndEveryStepIsCompensated() {
        for (HaneulEvent failure : List.<HaneulEvent>of(
                new InstanceScheduleFailed("123456789012", "i-0123456789abcdef0", 0, T, "InsufficientInstanceCapacity",
                        "no host"),
                new InstanceNetworkFailed("123456789012", "i-0123456789abcdef0", 0, T,
                        "InsufficientFreeAddressesInSubnet", "full"),
                new InstanceVolumesFailed("123456789012", "i-0123456789abcdef0", 0, T, "SnapshotNotFound", "gone"))) {
            Saga s = new Saga();
            s.scheduled();
            InstanceTerminated t = only(s.reply(failure), InstanceTerminated.class);
            assertEquals(InstanceState.TERMINATED, s.i.state);
            assertTrue(t.stateReason().startsWith("Server.") || t.stateReason().startsWith("Client."), t.stateReason());
            assertEquals(List.of(), s.networked());   // a late reply of another step changes nothing
        }
        Saga s = new Saga();
        s.scheduled();
        s.networked();
        s.volumed();
        InstanceTerminated t = only(s.reply(new InstanceBootFailed("host-1", T, s.i.instanceId, 0, null, "no image")),
                InstanceTerminated.class);
        assertEquals(InstanceLifecycle.INTERNAL_ERROR, t.stateReason());
        assertEquals("host-1", t.hostId());   // the host's capacity is freed by the scheduler on this event
    }

    @Test
    void stopThenStartIsANewAttemptOfTheSameSaga() {
        Saga s = new Saga().running();
        only(InstanceLifecycle.stop(s.i, false, T), StopInstance.class);
        assertEquals(InstanceState.STOPPING, s.i.state);
        only(s.reply(new InstancePoweredOff("host-1", T, s.i.instanceId, 0)), InstanceStopped.class);
        assertEquals(InstanceState.STOPPED, s.i.state);
        assertTrue(InstanceLifecycle.start(s.i, T));
        assertEquals(1, s.i.attempt);
        InstanceRequested again = InstanceLifecycle.requested(s.i, "t3", 0, T);
        assertTrue(again.restart());
        // the replies of the old attempt change nothing; those of the new one run it again
        assertEquals(List.of(), s.reply(new InstanceScheduled(s.i.accountId, s.i.instanceId, 0, T, "host-9",
                s.i.availabilityZone, s.i.instanceType, 2, 1024)));
        s.running();
        assertEquals("host-1", s.i.hostId);
    }

    @Test
    void aRebootKeepsTheInstanceRunning() {
        Saga s = new Saga().running();
        List<HaneulEvent> out = InstanceLifecycle.reboot(s.i, T);
        only(out, RebootInstance.class);
        only(out, InstanceRebooted.class);
        assertEquals(InstanceState.RUNNING, s.i.state);
    }

    @Test
    void aTerminateGoesThroughTheHostAndEndsOnItsAnswer() {
        Saga s = new Saga().running();
        only(InstanceLifecycle.terminate(s.i, InstanceLifecycle.USER_SHUTDOWN, "bye", T), DestroyInstance.class);
        assertEquals(InstanceState.SHUTTING_DOWN, s.i.state);
        only(s.reply(new InstanceDestroyed("host-1", T, s.i.instanceId, 0)), InstanceTerminated.class);
        assertEquals(InstanceState.TERMINATED, s.i.state);
    }

    @Test
    void aHostFailureRecoversTheInstanceOnAnotherHostAsANewAttempt() {
        Saga s = new Saga().running();
        List<HaneulEvent> out = InstanceLifecycle.recover(s.i, "host-1", "t3", 0, T);
        assertEquals("host-1", only(out, InstanceStopped.class).hostId());
        assertTrue(only(out, InstanceRequested.class).restart());
        assertEquals(InstanceState.PENDING, s.i.state);
        assertEquals(InstanceLifecycle.HOST_FAILURE, s.i.stateReasonCode);
        s.running();
        assertEquals(1, s.i.attempt);
    }

    @Test
    void theGuestsOwnShutdownStopsOrTerminatesAsItsShutdownBehaviourSays() {
        Saga stops = new Saga().running();
        only(stops.reply(new InstanceShutdownInitiated("host-1", T, stops.i.instanceId, 0)), StopInstance.class);
        assertEquals(InstanceState.STOPPING, stops.i.state);
        Saga ends = new Saga().running();
        ends.i.shutdownBehavior = "terminate";
        only(ends.reply(new InstanceShutdownInitiated("host-1", T, ends.i.instanceId, 0)), DestroyInstance.class);
        assertEquals(InstanceState.SHUTTING_DOWN, ends.i.state);
    }

    @Test
    void everyReplyOfEveryStepIsDispatchedAndNoOtherEventIs() throws ReflectiveOperationException {
        Set<Class<?>> named = new HashSet<>();
        for (LaunchSaga.Step step : LaunchSaga.STEPS) {
            assertTrue(step.compensation().length() > 10, step.name());
            named.add(step.done().event());
            named.add(step.failed().event());
        }
        LaunchSaga.LIFECYCLE.forEach(r -> named.add(r.event()));
        for (Class<? extends HaneulEvent> type : EventCatalog.ALL) {
            Optional<LaunchSaga.Reply<?>> reply = LaunchSaga.replyTo(sample(type));
            if (named.contains(type)) {
                assertEquals(type, reply.orElseThrow(() -> new AssertionError(type.getSimpleName()
                        + " is a reply of the saga but nothing dispatches it")).event());
            } else {
                assertTrue(reply.isEmpty(), type.getSimpleName() + " is dispatched but is no reply of the saga");
            }
        }
        assertTrue(named.size() > LaunchSaga.STEPS.size() * 2, "control: the lifecycle replies count too");
    }

    /** An event of the type with every field its type's zero (null, 0, false): only its class matters here. */
    private static HaneulEvent sample(Class<? extends HaneulEvent> type) throws ReflectiveOperationException {
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = Arrays.stream(types).map(t -> !t.isPrimitive() ? null : t == boolean.class ? false
                : t == long.class ? 0L : t == double.class ? 0.0 : t == float.class ? 0f : t == char.class ? '0'
                : t == short.class ? (short) 0 : t == byte.class ? (byte) 0 : (Object) 0).toArray();
        return type.getDeclaredConstructor(types).newInstance(args);
    }

    @Test
    void theArchitectureDocumentsStepListIsTheDefinition() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, "docs/ARCHITECTURE.md has the markers of the generated step list");
        String generated = LaunchSaga.describe();
        if (Boolean.getBoolean("haneul.saga.write")) {
            Files.writeString(DOC, doc.substring(0, from + BEGIN.length()) + generated + doc.substring(to));
            return;
        }
        assertEquals(generated, doc.substring(from + BEGIN.length(), to),
                "docs/ARCHITECTURE.md is out of date: run ./mvnw -pl compute-api test "
                        + "-Dtest=LaunchSagaDefinitionTest -Dhaneul.saga.write=true");
    }
}
