package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceTerminating;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import dev.haneul.kit.error.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saga's transitions, without Kafka or a database. */
class InstanceLifecycleTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final PacketRules RULES = new PacketRules(
            List.of(new PacketRule("tcp", 22, 22, "0.0.0.0/0", null), new PacketRule("-1", 0, 65535, null, "sg-1")),
            List.of(new PacketRule("-1", 0, 65535, "0.0.0.0/0", null)));

    static Instance pending() {
        Instance i = new Instance();
        i.instanceId = "i-0123456789abcdef0";
        i.accountId = "123456789012";
        i.instanceType = "t3.micro";
        i.vcpus = 2;
        i.memoryMib = 1024;
        i.imageId = "ami-0a1b2c3d4e5f60001";
        i.availabilityZone = "kr-central-1a";
        i.state = InstanceState.PENDING;
        return i;
    }

    static List<HaneulEvent> scheduled(Instance i, int attempt) {
        return InstanceLifecycle.onScheduled(i, new InstanceScheduled(i.accountId, i.instanceId, attempt, T, "host-1",
                i.availabilityZone, i.instanceType, 2, 1024));
    }

    static List<HaneulEvent> networked(Instance i, int attempt) {
        return InstanceLifecycle.onNetworkAttached(i, new InstanceNetworkAttached(i.accountId, i.instanceId, attempt,
                T, "eni-1", "vpc-1", "subnet-1", "172.31.0.4", null, "02:00:00:00:00:01", List.of("sg-1"),
                "172.31.0.0/20", RULES, 3));
    }

    static List<HaneulEvent> volumed(Instance i, int attempt) {
        return InstanceLifecycle.onVolumesAttached(i, new InstanceVolumesAttached(i.accountId, i.instanceId, attempt,
                T, List.of(new AttachedVolume("vol-1", "/dev/sda1", 8, "gp3", true, true))));
    }

    static Instance running() {
        Instance i = pending();
        scheduled(i, 0);
        networked(i, 0);
        volumed(i, 0);
        InstanceLifecycle.onBooted(i, 0, T);
        return i;
    }

    @Test
    void bootIsSentOnlyWhenScheduledNetworkedAndVolumedInAnyOrder() {
        Instance i = pending();
        assertTrue(volumed(i, 0).isEmpty());
        assertTrue(scheduled(i, 0).isEmpty());
        List<HaneulEvent> out = networked(i, 0);
        assertEquals(1, out.size());
        BootInstance boot = assertInstanceOf(BootInstance.class, out.get(0));
        assertEquals("host-1", boot.hostId());
        assertEquals("172.31.0.4", boot.privateIpAddress());
        assertEquals("vol-1", boot.volumes().get(0).volumeId());
        assertTrue(volumed(i, 0).isEmpty(), "a duplicate reply must not boot twice");
    }

    @Test
    void theBootCarriesWhatARealHostNeedsToWireTheGuest() {
        Instance i = pending();
        i.publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBa6 user@laptop";
        i.userData = "#!/bin/sh\necho hi";
        scheduled(i, 0);
        volumed(i, 0);
        BootInstance boot = assertInstanceOf(BootInstance.class, networked(i, 0).get(0));
        assertEquals("vpc-1", boot.vpcId());
        assertEquals("172.31.0.0/20", boot.subnetCidr());
        assertEquals("02:00:00:00:00:01", boot.macAddress());
        assertEquals(i.publicKey, boot.publicKey());
        assertEquals("#!/bin/sh\necho hi", boot.userData());
        assertEquals(List.of("sg-1"), boot.securityGroupIds());
        assertEquals(RULES, boot.rules());
        assertEquals(3, boot.rulesVersion());
        // the watchdog's re-sent boot is built from the stored instance: the same rules, read back from JSON
        assertEquals(RULES, InstanceLifecycle.boot(i).rules());
        assertNull(boot.publicIpAddress());
        i.publicIpAddress = "198.18.0.7";
        assertEquals("198.18.0.7", InstanceLifecycle.boot(i).publicIpAddress());
    }

    @Test
    void bootedMakesItRunningAndAnnouncesIt() {
        Instance i = running();
        assertEquals(InstanceState.RUNNING, i.state);
        assertEquals(T, i.launchTime);
        assertEquals("172.31.0.4", i.privateIpAddress);
    }

    @Test
    void aFailedStepTerminatesWithEc2sReason() {
        Instance i = pending();
        List<HaneulEvent> out = InstanceLifecycle.onLaunchStepFailed(i, 0, "InsufficientInstanceCapacity", "none", T);
        InstanceTerminated t = assertInstanceOf(InstanceTerminated.class, out.get(0));
        assertEquals("Server.InsufficientInstanceCapacity", t.stateReason());
        assertEquals(InstanceState.TERMINATED, i.state);
        assertEquals("Server.InsufficientInstanceCapacity", i.stateReasonCode);
    }

    @Test
    void lateEventsOfAnEarlierAttemptChangeNothing() {
        Instance i = running();
        InstanceLifecycle.stop(i, false, T);
        InstanceLifecycle.onPoweredOff(i, 0, T);
        assertTrue(InstanceLifecycle.start(i, T));
        assertEquals(1, i.attempt);
        assertTrue(scheduled(i, 0).isEmpty());
        assertNull(i.hostId);
        assertTrue(InstanceLifecycle.onBooted(i, 0, T).isEmpty());
        assertEquals(InstanceState.PENDING, i.state);
    }

    @Test
    void stopGoesThroughTheHostAndStartIsANewAttempt() {
        Instance i = running();
        List<HaneulEvent> out = InstanceLifecycle.stop(i, true, T);
        assertInstanceOf(InstanceStopping.class, out.get(0));
        assertTrue(assertInstanceOf(StopInstance.class, out.get(1)).force());
        assertEquals(InstanceState.STOPPING, i.state);
        assertTrue(InstanceLifecycle.stop(i, false, T).isEmpty(), "stopping again is a no-op");
        InstanceStopped stopped = assertInstanceOf(InstanceStopped.class, InstanceLifecycle.onPoweredOff(i, 0, T).get(0));
        assertEquals("host-1", stopped.hostId());
        assertEquals(InstanceState.STOPPED, i.state);
        assertEquals("172.31.0.4", i.privateIpAddress, "stop keeps the private IP");
        assertTrue(InstanceLifecycle.start(i, T));
        InstanceRequested again = InstanceLifecycle.requested(i, "t3", 0, T);
        assertTrue(again.restart());
        assertEquals(1, again.attempt());
    }

    @Test
    void wrongStatesAreRefusedWithIncorrectInstanceState() {
        Instance p = pending();
        ApiException e = assertThrows(ApiException.class, () -> InstanceLifecycle.stop(p, false, T));
        assertEquals("IncorrectInstanceState", e.code());
        assertThrows(ApiException.class, () -> InstanceLifecycle.reboot(p, T));
        Instance t = pending();
        InstanceLifecycle.terminate(t, InstanceLifecycle.USER_SHUTDOWN, "", T);
        assertThrows(ApiException.class, () -> InstanceLifecycle.start(t, T));
    }

    @Test
    void terminateIsIdempotentAndGoesThroughTheHostOnlyWhenOneHoldsTheInstance() {
        Instance notYetBooted = pending();
        scheduled(notYetBooted, 0);
        List<HaneulEvent> direct = InstanceLifecycle.terminate(notYetBooted, "Client.UserInitiatedShutdown", "m", T);
        assertInstanceOf(InstanceTerminating.class, direct.get(0));
        assertInstanceOf(InstanceTerminated.class, direct.get(1));
        assertTrue(InstanceLifecycle.terminate(notYetBooted, "x", "y", T).isEmpty());

        Instance r = running();
        List<HaneulEvent> viaHost = InstanceLifecycle.terminate(r, "Client.UserInitiatedShutdown", "m", T);
        assertInstanceOf(DestroyInstance.class, viaHost.get(1));
        assertEquals(InstanceState.SHUTTING_DOWN, r.state);
        assertInstanceOf(InstanceTerminated.class, InstanceLifecycle.onDestroyed(r, 0, T).get(0));
        assertEquals(InstanceState.TERMINATED, r.state);
    }

    @Test
    void anUnansweredBootIsResentThenGivenUp() {
        Instance i = pending();
        scheduled(i, 0);
        networked(i, 0);
        volumed(i, 0);
        Instant later = T.plusSeconds(60);
        assertInstanceOf(BootInstance.class, InstanceLifecycle.onCommandTimeout(i, 2, later, later).get(0));
        assertEquals(2, i.commandTries);
        assertTrue(InstanceLifecycle.onCommandTimeout(i, 2, later, later).isEmpty(), "not overdue yet");
        Instant muchLater = later.plusSeconds(60);
        List<HaneulEvent> out = InstanceLifecycle.onCommandTimeout(i, 2, muchLater, muchLater);
        assertInstanceOf(DestroyInstance.class, out.get(0));
        assertEquals("Server.InternalError",
                assertInstanceOf(InstanceTerminated.class, out.get(1)).stateReason());
        assertEquals(InstanceState.TERMINATED, i.state);
    }

    @Test
    void anUnansweredLaunchStepIsRequestedAgainThenGivenUpNamingWhoNeverAnswered() {
        Instance i = pending();
        InstanceLifecycle.requested(i, "t3", 0, T);
        scheduled(i, 0); // the scheduler answered; network-service and volume-service never do
        Instant cutoff = T.plusSeconds(120);
        assertTrue(InstanceLifecycle.onStepTimeout(i, 2, "t3", 0, T.plusSeconds(60), T).isEmpty(), "not overdue");

        List<HaneulEvent> again = InstanceLifecycle.onStepTimeout(i, 2, "t3", 0, cutoff.plusSeconds(1), cutoff);
        InstanceRequested r = assertInstanceOf(InstanceRequested.class, again.get(0));
        assertEquals(0, r.attempt(), "the same attempt: each participant answers it again or does it now");
        assertEquals(2, i.stepTries);
        assertEquals(cutoff.plusSeconds(1), i.stepsSentAt);
        assertTrue(InstanceLifecycle.onStepTimeout(i, 2, "t3", 0, cutoff.plusSeconds(2), cutoff).isEmpty(),
                "the deadline runs again from the new request");

        Instant later = cutoff.plusSeconds(300);
        List<HaneulEvent> out = InstanceLifecycle.onStepTimeout(i, 2, "t3", 0, later, later);
        InstanceTerminated t = assertInstanceOf(InstanceTerminated.class, out.get(0));
        assertEquals(1, out.size(), "no host holds the instance: nothing to destroy");
        assertEquals("Server.InternalError", t.stateReason());
        assertEquals(InstanceState.TERMINATED, i.state);
        assertEquals("Server.InternalError: The launch did not complete: no answer from network-service, "
                + "volume-service after 2 requests.", i.stateReasonMessage);
    }

    @Test
    void theStepDeadlineEndsWhenTheBootIsSent() {
        Instance i = pending();
        InstanceLifecycle.requested(i, "t3", 0, T);
        scheduled(i, 0);
        networked(i, 0);
        volumed(i, 0);
        Instant later = T.plusSeconds(3600);
        assertTrue(InstanceLifecycle.onStepTimeout(i, 2, "t3", 0, later, later).isEmpty(),
                "from the boot on the command watchdog keeps the deadline");
        assertNull(i.stepsSentAt);
        assertEquals(InstanceState.PENDING, i.state);
    }

    @Test
    void aStartRestartsTheStepDeadline() {
        Instance i = running();
        InstanceLifecycle.stop(i, false, T);
        InstanceLifecycle.onPoweredOff(i, 0, T);
        Instant start = T.plusSeconds(600);
        InstanceLifecycle.start(i, start);
        InstanceRequested r = InstanceLifecycle.requested(i, "t3", 0, start);
        assertEquals(1, r.attempt());
        assertEquals(start, i.stepsSentAt);
        assertEquals(1, i.stepTries);
        InstanceRequested again = assertInstanceOf(InstanceRequested.class,
                InstanceLifecycle.onStepTimeout(i, 3, "t3", 0, start.plusSeconds(121), start.plusSeconds(120)).get(0));
        assertEquals(1, again.attempt());
        assertTrue(again.restart());
    }

    @Test
    void runningEventCarriesWhatBillingNeeds() {
        Instance i = pending();
        scheduled(i, 0);
        networked(i, 0);
        volumed(i, 0);
        InstanceRunning r = assertInstanceOf(InstanceRunning.class, InstanceLifecycle.onBooted(i, 0, T).get(0));
        assertEquals("t3.micro", r.instanceType());
        assertEquals(T, r.at());
        assertEquals("123456789012", r.accountId());
    }
}
