package dev.haneul.compute.launch.api;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.JsonColumns;
import dev.haneul.compute.tag.Tag;
import dev.haneul.events.instance.AttachedVolume;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An instance as {@code DescribeInstances} shows it, with EC2's member names. */
public record InstanceView(String instanceId, String imageId, String instanceType, State state, StateReason stateReason,
        String stateTransitionReason, String privateIpAddress, String publicIpAddress, Placement placement,
        String subnetId, String vpcId, String networkInterfaceId, String macAddress, Instant launchTime,
        String keyName, String architecture, String rootDeviceName, String rootDeviceType, String reservationId,
        String ownerId, String clientToken, List<Tag> tags, List<BlockDevice> blockDeviceMappings,
        List<GroupRef> securityGroups, boolean disableApiTermination, String instanceInitiatedShutdownBehavior,
        CreditSpecification creditSpecification, MaintenanceOptions maintenanceOptions) {

    public record MaintenanceOptions(String autoRecovery) {
    }

    public record CreditSpecification(String cpuCredits) {
    }

    public record State(int code, String name) {
    }

    public record StateReason(String code, String message) {
    }

    public record Placement(String availabilityZone, String hostId, String groupName) {
    }

    public record BlockDevice(String deviceName, Ebs ebs) {
    }

    public record Ebs(String volumeId, String status, boolean deleteOnTermination) {
    }

    public record GroupRef(String groupId) {
    }

    public static InstanceView of(Instance i) {
        List<AttachedVolume> volumes = JsonColumns.readList(i.volumes, new TypeReference<List<AttachedVolume>>() { });
        List<Tag> tags = JsonColumns.readList(i.tags, new TypeReference<List<Tag>>() { });
        List<GroupRef> groups = i.securityGroupIds == null || i.securityGroupIds.isBlank() ? List.of()
                : Arrays.stream(i.securityGroupIds.split(",")).map(GroupRef::new).toList();
        return new InstanceView(i.instanceId, i.imageId, i.instanceType, new State(i.state.code(), i.state.label()),
                i.stateReasonCode == null ? null : new StateReason(i.stateReasonCode, i.stateReasonMessage),
                i.stateTransitionReason, i.privateIpAddress, i.publicIpAddress,
                new Placement(i.availabilityZone, i.hostId, i.placementGroup), i.subnetId, i.vpcId, i.networkInterfaceId, i.macAddress,
                i.launchTime, i.keyName, i.architecture, i.rootDeviceName, "ebs", i.reservationId, i.accountId,
                i.clientToken, tags,
                volumes.stream().map(v -> new BlockDevice(v.deviceName(), new Ebs(v.volumeId(), "attached",
                        v.deleteOnTermination()))).toList(),
                groups, i.disableApiTermination, i.shutdownBehavior,
                i.creditSpecification == null ? null : new CreditSpecification(i.creditSpecification),
                new MaintenanceOptions(i.autoRecovery));
    }
}
