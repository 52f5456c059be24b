package dev.haneul.network.vpc.api;

import java.util.List;

/** One page of VPCs. */
public record VpcListView(List<VpcView> vpcs, String nextToken) {
}
