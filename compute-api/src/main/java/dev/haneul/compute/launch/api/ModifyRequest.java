package dev.haneul.compute.launch.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PATCH /v1/instances/{id}}: ModifyInstanceAttribute's attributes with EC2's member names; absent fields
 * stay as they are. The type and the user data change only while the instance is stopped; security groups are
 * changed on the instance's network interface by network-service.
 */
public record ModifyRequest(
        String instanceType,
        String userData,
        Boolean disableApiTermination,
        @Pattern(regexp = "stop|terminate") String instanceInitiatedShutdownBehavior,
        @Size(min = 1, max = 5) List<@Pattern(regexp = "sg-[0-9a-f]{8,17}") String> securityGroupIds,
        @Valid LaunchRequest.MaintenanceOptions maintenanceOptions) {
}
