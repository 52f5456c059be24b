package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.api.ConnectView;
import dev.haneul.compute.instance.api.LaunchRequest.Tag;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.tag.Tags;
import dev.haneul.kit.error.ApiException;
import java.time.Instant;
import java.util.List;
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
        List<Tag> fifty = java.util.stream.IntStream.range(0, 50).mapToObj(n -> new Tag("k" + n, "v")).toList();
        assertEquals("TagLimitExceeded", assertThrows(ApiException.class,
                () -> Tags.merge(fifty, List.of(new Tag("k50", "v")))).code());
    }

    @Test
    void protectionStopsAUserTerminateAndTheReasonIsWrittenAsEc2Does() {
        Instance i = instance(InstanceState.RUNNING);
        i.disableApiTermination = true;
        ApiException e = assertThrows(ApiException.class, () -> InstanceLifecycle.checkTerminable(i));
        assertEquals("OperationNotPermitted", e.code());
        assertEquals(400, e.status());
        assertEquals("User initiated (2026-11-22 04:05:06 GMT)",
                InstanceLifecycle.userInitiated(Instant.parse("2026-11-22T04:05:06.789Z")));
        i.state = InstanceState.TERMINATED;
        InstanceLifecycle.checkTerminable(i);
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

    private static Instance instance(InstanceState state) {
        Instance i = new Instance();
        i.instanceId = "i-0123456789abcdef0";
        i.accountId = "123456789012";
        i.state = state;
        return i;
    }
}
