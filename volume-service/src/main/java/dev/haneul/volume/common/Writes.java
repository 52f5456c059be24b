package dev.haneul.volume.common;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Runs a request's change in its own transaction and, when a concurrent change of the same row won the
 * race (optimistic-lock conflict), runs it again from a fresh read, so the loser gets the answer that
 * matches the new state (e.g. {@code VolumeInUse}) instead of an error about the race.
 */
public final class Writes {
    private static final int ATTEMPTS = 5;

    private Writes() {
    }

    public static <T> Uni<T> transactionally(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(work))
                .onFailure(Failures::isConflict).retry().atMost(ATTEMPTS - 1);
    }
}
