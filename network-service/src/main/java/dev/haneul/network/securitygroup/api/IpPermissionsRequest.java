package dev.haneul.network.securitygroup.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** {@code POST/DELETE /v1/security-groups/{id}/ingress|egress}: the rules to add or remove. */
public record IpPermissionsRequest(@NotEmpty List<@Valid IpPermission> ipPermissions) {
}
