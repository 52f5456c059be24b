package dev.haneul.scheduler.host.api;

import java.util.List;

/** One page of hosts; {@code nextToken} is absent on the last page. */
public record HostListView(List<HostView> hosts, String nextToken) {
}
