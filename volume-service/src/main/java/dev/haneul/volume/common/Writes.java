package dev.haneul.volume.common;

import dev.haneul.kit.retry.LostRace;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Runs a request's change in its own transaction and, when a concurrent change of the same row won the
 * race, runs it again from a fresh read as the kit's {@link LostRace} says (back-off, the caller's context), so
 * the loser gets the answer that matches the new state (e.g. {@code VolumeInUse}) instead of an error about the
 * race.
 */
public final class Writes {
    private Writes() {
    }

    public static <T> Uni<T> transactionally(Supplier<Uni<T>> work) {
        return LostRace.retried(() -> Panache.withTransaction(work));
    }
}
