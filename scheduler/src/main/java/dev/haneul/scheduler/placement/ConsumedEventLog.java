package dev.haneul.scheduler.placement;

import dev.haneul.kit.error.DatabaseErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The kit's consumed-event log ({@code consumed_event}, the table the kit's {@code Inbox} writes one row at a time),
 * written for a whole batch of events on the reactive client's connection, inside the batch's transaction: so a
 * batch consumer is exactly as idempotent as the kit's event processor, and both may handle events of one consumer.
 * Here in placement, whose batch placement is its main user (messaging's host-event consumer is the other): from
 * messaging it made placement and messaging depend on each other.
 */
public final class ConsumedEventLog {
    private ConsumedEventLog() {
    }

    /**
     * Records the events and gives back the ids seen for the first time. The common case is one multi-row
     * {@code INSERT}; when one of the ids is already there (a redelivery), the statement fails alone (the
     * transaction goes on), the ids already recorded are read with a locking read (which waits for a concurrent
     * delivery still recording one of them, and sees it once committed) and left out, and the rest is inserted again.
     */
    public static Uni<Set<String>> record(SqlConnection conn, String consumer, List<String> ids) {
        List<String> eventIds = List.copyOf(new LinkedHashSet<>(ids));   // one row per id, or it clashes
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        List<Object> params = new ArrayList<>(eventIds.size() * 2);
        for (String id : eventIds) {
            params.add(consumer);
            params.add(id);
        }
        return conn.preparedQuery("INSERT INTO consumed_event (consumer, event_id, consumed_at) VALUES "
                + repeat(eventIds.size(), "(?, ?, NOW(6))")).execute(Tuple.tuple(params))
                .map(x -> (Set<String>) new HashSet<>(eventIds))
                .onFailure(DatabaseErrors::isDuplicateKey).recoverWithUni(e -> {
                    List<Object> keys = new ArrayList<>(eventIds.size() + 1);
                    keys.add(consumer);
                    keys.addAll(eventIds);
                    return conn.preparedQuery("SELECT event_id FROM consumed_event WHERE consumer = ? AND event_id IN ("
                            + repeat(eventIds.size(), "?") + ") LOCK IN SHARE MODE").execute(Tuple.tuple(keys))
                            .chain(rows -> {
                                Set<String> seen = new HashSet<>();
                                rows.forEach(r -> seen.add(r.getString(0)));
                                return record(conn, consumer, eventIds.stream().filter(id -> !seen.contains(id))
                                        .toList());
                            });
                });
    }

    /** Takes events back out of the log (in the same transaction): another path is to process them. */
    public static Uni<Void> forget(SqlConnection conn, String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object> params = new ArrayList<>(eventIds.size() + 1);
        params.add(consumer);
        params.addAll(eventIds);
        return conn.preparedQuery("DELETE FROM consumed_event WHERE consumer = ? AND event_id IN ("
                + repeat(eventIds.size(), "?") + ")").execute(Tuple.tuple(params)).replaceWithVoid();
    }

    /** {@code n} copies of {@code item}, comma-separated (placeholders, rows of a multi-row INSERT). */
    public static String repeat(int n, String item) {
        return String.join(", ", Collections.nCopies(n, item));
    }
}
