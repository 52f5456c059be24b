package dev.haneul.network.route.api;

import java.util.List;

/** One page of route tables. */
public record RouteTableListView(List<RouteTableView> routeTables, String nextToken) {
}
