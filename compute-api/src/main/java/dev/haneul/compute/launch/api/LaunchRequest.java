package dev.haneul.compute.launch.api;

import dev.haneul.compute.tag.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/instances}: RunInstances' parameters with EC2's member names. */
public record LaunchRequest(
        @NotBlank String imageId,
        @NotBlank String instanceType,
        String subnetId,
        @Min(1) @Max(1000) Integer minCount,
        @Min(1) @Max(1000) Integer maxCount,
        @Size(max = 64) @Pattern(regexp = "\\p{ASCII}*") String clientToken,
        String keyName,
        @Size(max = 5) List<String> securityGroupIds,
        String privateIpAddress,
        Boolean associatePublicIpAddress,
        String userData,
        @Valid Placement placement,
        @Size(max = 50) List<@Valid Tag> tags,
        @Size(max = 20) List<@Valid BlockDeviceMapping> blockDeviceMappings,
        Boolean disableApiTermination,
        @Pattern(regexp = "stop|terminate") String instanceInitiatedShutdownBehavior,
        @Valid CreditSpecification creditSpecification,
        @Size(max = 10) List<@NotNull @Valid TagSpecification> tagSpecifications,
        @Valid MaintenanceOptions maintenanceOptions) {

    public int min() {
        return minCount == null ? 1 : minCount;
    }

    public int max() {
        return maxCount == null ? min() : maxCount;
    }

    /** T-family CPU credits: {@code standard} or {@code unlimited}. */
    public record CreditSpecification(@NotBlank @Pattern(regexp = "standard|unlimited") String cpuCredits) {
    }

    /**
     * EC2's TagSpecification: tags for the instance ({@code instance}) or for every volume the launch creates
     * ({@code volume}).
     */
    public record TagSpecification(@NotBlank String resourceType, @NotNull @Size(max = 50) List<@NotNull @Valid Tag> tags) {
    }

    /** EC2's MaintenanceOptions: {@code autoRecovery} {@code default} (on) or {@code disabled}. */
    public record MaintenanceOptions(@Pattern(regexp = "default|disabled") String autoRecovery) {
    }

    public record Placement(String availabilityZone, String groupName) {
    }

    public record BlockDeviceMapping(@NotBlank String deviceName, @Valid Ebs ebs) {
    }

    public record Ebs(@Min(1) @Max(65536) Integer volumeSize, String volumeType, Integer iops, Integer throughput,
            Boolean deleteOnTermination, Boolean encrypted, String snapshotId) {
    }
}
