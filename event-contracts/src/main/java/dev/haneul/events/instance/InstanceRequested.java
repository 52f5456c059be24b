package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * compute-api accepted a launch (attempt 0) or a start of a stopped instance (attempt > 0, {@code restart}):
 * the scheduler is to place it in {@code availabilityZone}.
 * {@code volumeTags} are the tags the launch asked for on its volumes (EC2 tag specifications of type volume).
 */
@EventType(value = "haneul.instance.requested.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceRequested(String accountId, String instanceId, int attempt, Instant at,
        boolean restart,
        String instanceType, String family, int vcpus, long memoryMib, int gpus, String architecture,
        String availabilityZone, String subnetId, String privateIpAddress, Boolean associatePublicIpAddress,
        List<String> securityGroupIds, String placementGroupId,
        String imageId, List<BlockDevice> blockDevices, Map<String, String> volumeTags) implements InstanceEvent {
}
