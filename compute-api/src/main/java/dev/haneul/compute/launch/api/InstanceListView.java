package dev.haneul.compute.launch.api;

import java.util.List;

/** A page of instances; {@code nextToken} is absent on the last page. */
public record InstanceListView(List<InstanceView> instances, String nextToken) {
}
