package dev.haneul.kit.paging;

import java.util.List;

/** One page of a list answer: its items and the token of the next page ({@code null} on the last one). */
public record Page<T>(List<T> items, String nextToken) {
}
