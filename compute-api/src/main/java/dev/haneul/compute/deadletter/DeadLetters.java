package dev.haneul.compute.deadletter;

import dev.haneul.compute.deadletter.DeadLetterTopic.Record;
import dev.haneul.compute.deadletter.api.DeadLetterListView;
import dev.haneul.compute.deadletter.api.DeadLetterView;
import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.kit.CallerContext;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operators' view of the dead-letter topic and its one action: replay a record, i.e. send the event it carries
 * back to the topic it came from, as it was (same event id). Every consumer of that topic then sees it again; those
 * that had handled it drop it by its id (their consumed-event log), the one that gave up on it handles it. A record
 * is replayed once: the replay and its outbox row commit together, and asking again answers the first replay.
 * Messages that are not Haneul events cannot be replayed (nothing could handle them).
 */
@ApplicationScoped
public class DeadLetters {
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";
    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";

    /** A token is the (partition, offset) of the last record shown. */
    private static final Predicate<List<String>> POSITION = key -> key.size() == 2
            && key.stream().allMatch(k -> k.matches("[0-9]{1,18}"));

    private final DeadLetterTopic topic;
    private final Outbox outbox;

    public DeadLetters(DeadLetterTopic topic, Outbox outbox) {
        this.topic = topic;
        this.outbox = outbox;
    }

    /** A replay: the record, where it went, and whether this call sent it (false: an earlier one did). */
    public record Replayed(DeadLetterView deadLetter, boolean now) {
    }

    public Uni<DeadLetterListView> list(Integer limit, String nextToken) {
        PageRequest page = PageRequest.of(limit, nextToken, 100, POSITION);
        int partition = page.first() ? 0 : Integer.parseInt(page.after(0));
        long offset = page.first() ? -1 : Long.parseLong(page.after(1));
        return blocking(() -> topic.after(partition, offset, page.fetchSize())).chain(records -> replays(records)
                .map(replays -> {
                    Page<DeadLetterView> p = page.page(records,
                            r -> List.of(String.valueOf(r.partition()), String.valueOf(r.offset())),
                            r -> view(r, replays.get(new DeadLetterReplay.Position(r.partition(), r.offset()))));
                    return new DeadLetterListView(p.items(), p.nextToken());
                }));
    }

    public Uni<DeadLetterView> one(int partition, long offset) {
        return record(partition, offset).chain(r -> Panache.withSession(() -> DeadLetterReplay
                .<DeadLetterReplay>findById(new DeadLetterReplay.Position(partition, offset)))
                .map(replay -> view(r, replay)));
    }

    public Uni<Replayed> replay(int partition, long offset, String admin) {
        return record(partition, offset).chain(r -> {
            Envelope event = eventOf(r);
            String to = r.headers().get(TOPIC);
            if (event == null || to == null || to.isBlank()) {
                throw ApiException.invalidParameter("Dead letter " + partition + "/" + offset + " is not a Haneul "
                        + "event with the topic it came from; it cannot be replayed.");
            }
            DeadLetterReplay.Position at = new DeadLetterReplay.Position(partition, offset);
            return Panache.withTransaction(() -> DeadLetterReplay.<DeadLetterReplay>findById(at).chain(earlier -> {
                if (earlier != null) {
                    return Uni.createFrom().item(new Replayed(view(r, earlier), false));
                }
                DeadLetterReplay replay = new DeadLetterReplay();
                replay.position = at;
                replay.topic = to;
                replay.eventId = event.id();
                replay.replayedBy = admin;
                replay.replayedAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // as the column keeps it
                return replay.persist().chain(() -> outbox.republish(to, r.key(), event.id(), event.type(), r.value()))
                        .replaceWith(new Replayed(view(r, replay), true));
            }));
        });
    }

    private Uni<Record> record(int partition, long offset) {
        return blocking(() -> topic.at(partition, offset)).map(found -> found.orElseThrow(() -> ApiException.notFound(
                "InvalidParameterValue", "The dead-letter topic holds no record " + partition + "/" + offset + ".")));
    }

    private static Uni<Map<DeadLetterReplay.Position, DeadLetterReplay>> replays(List<Record> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Integer> partitions = records.stream().map(Record::partition).distinct().toList();
        long min = records.stream().mapToLong(Record::offset).min().orElseThrow();
        return Panache.withSession(() -> DeadLetterReplay.<DeadLetterReplay>list(
                "position.partition in ?1 and position.offset >= ?2", partitions, min))
                .map(rows -> rows.stream().collect(Collectors.toMap(x -> x.position, Function.identity())));
    }

    private static DeadLetterView view(Record r, DeadLetterReplay replay) {
        Envelope event = eventOf(r);
        Map<String, String> h = r.headers();
        return new DeadLetterView(r.partition(), r.offset(), r.time(), h.get(TOPIC), integer(h.get(PARTITION)),
                longOrNull(h.get(OFFSET)), r.key(), h.get(REASON), h.get(CAUSE), event == null ? null : event.id(),
                event == null ? null : event.type(), event != null && h.get(TOPIC) != null, r.value(),
                replay == null ? null : replay.replayedAt, replay == null ? null : replay.replayedBy);
    }

    private static Envelope eventOf(Record r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return EventCodec.decode(r.value());
        } catch (PoisonMessageException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs a blocking read of the topic on a worker thread, and answers on the caller's Vert.x context. */
    private static <T> Uni<T> blocking(Supplier<T> read) {
        return Uni.createFrom().item(read).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(CallerContext.capture());
    }
}
