package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.address.InstanceAddress;
import dev.haneul.compute.address.PublicAddresses;
import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.launch.api.ConnectView;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.saga.UserAction;
import dev.haneul.compute.tag.Tag;
import dev.haneul.compute.tag.Tags;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.kit.error.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pure rules of issue 3: tags, termination protection, the transition reason, the connect command. */
class InstanceRulesTest {

    @Test
    void tagsMergeOverwriteAndRespectTheLimits() {
        List<Tag> merged = Tags.merge(List.of(new Tag("Name", "a")), List.of(new Tag("Name", "b"), new Tag("env", null)));
        assertEquals(List.of(new Tag("Name", "b"), new Tag("env", "")), merged);
        assertEquals(List.of(new Tag("env", "")), Tags.remove(merged, "Name", null));
        assertEquals(merged, Tags.remove(merged, "Name", "other"));
        ApiException reserved = assertThrows(ApiException.class, () -> Tags.check("AWS:x", "v"));
        assertEquals("InvalidParameterValue", reserved.code());
        List<Tag> fifty = IntStream.range(0, 50).mapToObj(n -> new Tag("k" + n, "v")).toList();
        assertEquals("TagLimitExceeded", assertThrows(ApiException.class,
                () -> Tags.merge(fifty, List.of(new Tag("k50", "v")))).code());
    }

    @Test
    void protectionStopsAUserTerminateAndTheReasonIsWrittenAsEc2Does() {
        Instance i = instance(InstanceState.RUNNING);
        i.disableApiTermination = true;
        ApiException e = assertThrows(ApiException.class, () -> UserAction.TERMINATE.check(i));
        assertEquals("OperationNotPermitted", e.code());
        assertEquals(400, e.status());
        assertEquals("User initiated (2026-11-22 04:05:06 GMT)",
                InstanceLifecycle.userInitiated(Instant.parse("2026-11-22T04:05:06.789Z")));
        i.state = InstanceState.TERMINATED;
        UserAction.TERMINATE.check(i);
    }

    @Test
    void theConnectCommandUsesTheImagesUserAndTheKeyFile() {
        Image rocky = new Image();
        rocky.defaultUser = "rocky";
        rocky.platform = "linux";
        Instance i = instance(InstanceState.RUNNING);
        i.keyName = "lab";
        i.publicIpAddress = "203.0.113.1";
        i.privateIpAddress = "10.0.0.5";
        ConnectView v = ConnectView.of(i, rocky);
        assertEquals("ssh -i lab.pem rocky@203.0.113.1", v.command());
        assertTrue(v.notes().get(0).contains("chmod 400 lab.pem"));
        i.publicIpAddress = null;
        assertEquals("ssh -i lab.pem rocky@10.0.0.5", ConnectView.of(i, rocky).command());
        assertTrue(ConnectView.of(i, rocky).notes().stream().anyMatch(n -> n.contains("bastion")));
        rocky.platform = "windows";
        assertNull(ConnectView.of(i, rocky).command());
    }

    @Test
    void aBatchChecksEveryInstanceAgainstTheActionWithoutChangingIt() {
        Instance pending = instance(InstanceState.PENDING);
        assertEquals("IncorrectInstanceState", assertThrows(ApiException.class,
                () -> UserAction.STOP.check(pending)).code());
        assertEquals("IncorrectInstanceState", assertThrows(ApiException.class,
                () -> UserAction.REBOOT.check(instance(InstanceState.STOPPED))).code());
        assertEquals("IncorrectInstanceState", assertThrows(ApiException.class,
                () -> UserAction.START.check(instance(InstanceState.TERMINATED))).code());
        assertEquals("IncorrectInstanceState", assertThrows(ApiException.class,
                () -> UserAction.START.check(instance(InstanceState.STOPPING))).code());
        UserAction.STOP.check(instance(InstanceState.STOPPED));
        UserAction.START.check(instance(InstanceState.RUNNING));
        Instance protectedOne = instance(InstanceState.RUNNING);
        protectedOne.disableApiTermination = true;
        assertEquals("OperationNotPermitted", assertThrows(ApiException.class,
                () -> UserAction.TERMINATE.check(protectedOne)).code());
        assertEquals(InstanceState.PENDING, pending.state);
    }

    @Test
    void recoveryEndsTheAttemptOnTheDeadHostAndStartsTheNextOne() {
        Instance i = instance(InstanceState.RUNNING);
        i.hostId = "host-1";
        i.attempt = 2;
        i.publicIpAddress = "203.0.113.9";
        i.elasticIpAddress = "198.51.100.1";
        i.instanceType = "t3.micro";
        Instant now = Instant.parse("2026-11-22T04:05:06Z");
        assertTrue(InstanceLifecycle.recover(i, "host-other", "t3", 0, now).isEmpty());
        var events = InstanceLifecycle.recover(i, "host-1", "t3", 0, now);
        var stopped = (InstanceStopped) events.get(0);
        var requested = (InstanceRequested) events.get(1);
        assertEquals(2, stopped.attempt());
        assertEquals("host-1", stopped.hostId());
        assertEquals("Server.HostFailure", stopped.stateReason());
        assertEquals(3, requested.attempt());
        assertTrue(requested.restart());
        assertEquals(InstanceState.PENDING, i.state);
        assertNull(i.hostId);
        assertEquals("198.51.100.1", i.publicIpAddress);
        assertEquals("Server.HostFailure", i.stateReasonCode);
        assertEquals("Instance recovery (2026-11-22 04:05:06 GMT)", i.stateTransitionReason);
        // once pending, a second "down" changes nothing
        assertTrue(InstanceLifecycle.recover(i, "host-1", "t3", 0, now).isEmpty());
    }

    @Test
    void theShownPublicIpIsTheElasticOneOrTheNewestLiveAutoOne() {
        Instance i = instance(InstanceState.RUNNING);
        var auto1 = address("a1", "203.0.113.1", "auto", 1);
        var auto2 = address("a2", "203.0.113.2", "auto", 2);
        var eip = address("e1", "198.51.100.1", "elastic", 0);
        PublicAddresses.apply(i, List.of(auto2, auto1), "203.0.113.1", true);
        assertEquals("203.0.113.2", i.publicIpAddress); // an older lease acquired late does not win
        PublicAddresses.apply(i, List.of(auto2, eip), "198.51.100.1", true);
        assertEquals("198.51.100.1", i.publicIpAddress);
        assertEquals("198.51.100.1", i.elasticIpAddress);
        PublicAddresses.apply(i, List.of(auto2), "198.51.100.1", false);
        assertEquals("203.0.113.2", i.publicIpAddress);
        assertNull(i.elasticIpAddress);
        PublicAddresses.apply(i, List.of(auto2), "203.0.113.7", false);
        assertEquals("203.0.113.2", i.publicIpAddress); // not the shown one: nothing changes
        i.state = InstanceState.STOPPED;
        PublicAddresses.apply(i, List.of(), "203.0.113.2", false);
        assertNull(i.publicIpAddress);
    }

    private static InstanceAddress address(String id, String ip, String kind, int at) {
        var a = new InstanceAddress();
        a.addressId = id;
        a.publicIp = ip;
        a.kind = kind;
        a.active = true;
        a.eventAt = Instant.ofEpochSecond(at);
        return a;
    }

    private static Instance instance(InstanceState state) {
        Instance i = new Instance();
        i.instanceId = "i-0123456789abcdef0";
        i.accountId = "123456789012";
        i.state = state;
        return i;
    }
}
