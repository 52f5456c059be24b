package dev.haneul.network.common;

import java.util.List;

/** One page of a list answer: the items and the token of the next page (absent on the last one). */
public record Page<T>(List<T> items, String nextToken) {
}
