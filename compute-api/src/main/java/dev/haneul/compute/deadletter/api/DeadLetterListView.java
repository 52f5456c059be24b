package dev.haneul.compute.deadletter.api;

import java.util.List;

/** One page of the dead-letter topic, oldest first in each partition. */
public record DeadLetterListView(List<DeadLetterView> deadLetters, String nextToken) {
}
