package dev.haneul.volume.audit;

import dev.haneul.kit.paging.PageRequest;
import dev.haneul.volume.audit.api.AuditView;
import dev.haneul.volume.audit.api.AuditView.Holding;
import dev.haneul.volume.audit.api.AuditView.InstanceHoldings;
import dev.haneul.volume.audit.api.AuditView.Violation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the consistency audit asks of volume-service: the volumes attached to each instance (a page of at
 * most 1,000 instances by id) and, on the first page, the attachment invariants — an {@code in-use} volume has an
 * attachment, an attached volume is {@code in-use}, a volume is attached to an instance the service has heard of.
 * Each check is one statement and reports at most {@link #MAX_VIOLATIONS}. Reads only.
 */
@ApplicationScoped
public class AttachmentAudit {
    static final int MAX_VIOLATIONS = 100;

    private static final String IDS = "SELECT DISTINCT instance_id FROM volume WHERE instance_id IS NOT NULL"
            + " AND instance_id > ? ORDER BY instance_id LIMIT ?";

    private static final String VOLUMES = "SELECT instance_id, volume_id, device, attachment_state, root_device,"
            + " delete_on_termination FROM volume WHERE instance_id BETWEEN ? AND ? ORDER BY instance_id, device";

    private static final String NO_ATTACHMENT = "SELECT volume_id FROM volume WHERE state = 'in-use'"
            + " AND (instance_id IS NULL OR device IS NULL OR attachment_state IS NULL) ORDER BY volume_id LIMIT "
            + MAX_VIOLATIONS;

    private static final String NOT_IN_USE = "SELECT volume_id, state, instance_id FROM volume"
            + " WHERE instance_id IS NOT NULL AND state <> 'in-use' ORDER BY volume_id LIMIT " + MAX_VIOLATIONS;

    private static final String UNKNOWN = "SELECT v.volume_id, v.instance_id FROM volume v"
            + " LEFT JOIN instance_ref i ON i.instance_id = v.instance_id"
            + " WHERE v.instance_id IS NOT NULL AND i.instance_id IS NULL ORDER BY v.volume_id LIMIT "
            + MAX_VIOLATIONS;

    private final Pool pool;

    public AttachmentAudit(Pool pool) {
        this.pool = pool;
    }

    public Uni<AuditView> page(PageRequest paging) {
        String after = paging.first() ? "" : paging.after(0);
        Uni<List<String>> ids = pool.preparedQuery(IDS).execute(Tuple.of(after, paging.fetchSize())).map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
        Uni<List<Violation>> violations = paging.first() ? violations() : Uni.createFrom().item(List.of());
        return ids.chain(found -> {
            boolean more = found.size() > paging.limit();
            List<String> page = more ? found.subList(0, paging.limit()) : found;
            String next = more ? PageRequest.token(List.of(page.get(page.size() - 1))) : null;
            return volumes(page).chain(held -> violations.map(v -> new AuditView("volume", held, v, next)));
        });
    }

    private Uni<List<InstanceHoldings>> volumes(List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(VOLUMES).execute(Tuple.of(instanceIds.get(0), instanceIds.get(instanceIds.size()
                - 1))).map(rows -> {
                    Map<String, List<Holding>> byInstance = new LinkedHashMap<>();
                    for (Row r : rows) {
                        byInstance.computeIfAbsent(r.getString("instance_id"), k -> new ArrayList<>()).add(holding(r));
                    }
                    return byInstance.entrySet().stream()
                            .map(e -> new InstanceHoldings(e.getKey(), List.copyOf(e.getValue()))).toList();
                });
    }

    private static Holding holding(Row r) {
        return new Holding("volume", r.getString("volume_id"), r.getString("device") + " "
                + r.getString("attachment_state") + (r.getBoolean("root_device") ? ", root" : "")
                + (r.getBoolean("delete_on_termination") ? ", deleted on termination" : ""));
    }

    private Uni<List<Violation>> violations() {
        List<Violation> out = new ArrayList<>();
        return pool.query(NO_ATTACHMENT).execute().invoke(rows -> rows.forEach(r -> out.add(new Violation(
                        "InUseWithoutAttachment", r.getString("volume_id"),
                        "the volume is in-use but attached to nothing"))))
                .chain(() -> pool.query(NOT_IN_USE).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("AttachedButNotInUse", r.getString("volume_id"), "the volume is "
                                + r.getString("state") + " but attached to " + r.getString("instance_id")))))
                .chain(() -> pool.query(UNKNOWN).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("AttachedToUnknownInstance", r.getString("volume_id"), "the volume is attached"
                                + " to " + r.getString("instance_id") + ", of which no launch was seen"))))
                .map(x -> out.size() > MAX_VIOLATIONS ? List.copyOf(out.subList(0, MAX_VIOLATIONS)) : out);
    }
}
