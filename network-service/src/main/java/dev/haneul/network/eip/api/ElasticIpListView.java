package dev.haneul.network.eip.api;

import java.util.List;

/** One page of elastic IPs. */
public record ElasticIpListView(List<ElasticIpView> addresses, String nextToken) {
}
