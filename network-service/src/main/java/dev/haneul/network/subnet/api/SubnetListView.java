package dev.haneul.network.subnet.api;

import java.util.List;

/** One page of subnets. */
public record SubnetListView(List<SubnetView> subnets, String nextToken) {
}
