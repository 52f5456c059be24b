package dev.haneul.compute.launch.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/instances/stop|start|reboot|terminate}: the instances to act on, all or none. */
public record BatchRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull String> instanceIds) {
}
