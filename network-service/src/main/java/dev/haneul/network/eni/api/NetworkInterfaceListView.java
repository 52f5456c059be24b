package dev.haneul.network.eni.api;

import java.util.List;

/** One page of network interfaces. */
public record NetworkInterfaceListView(List<NetworkInterfaceView> networkInterfaces, String nextToken) {
}
