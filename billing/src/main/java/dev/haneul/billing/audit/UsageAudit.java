package dev.haneul.billing.audit;

import dev.haneul.billing.audit.api.AuditView;
import dev.haneul.billing.audit.api.AuditView.Holding;
import dev.haneul.billing.audit.api.AuditView.InstanceHoldings;
import dev.haneul.billing.audit.api.AuditView.Violation;
import dev.haneul.billing.metering.MeterKind;
import dev.haneul.kit.paging.PageRequest;
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
 * Reads what the consistency audit asks of billing: the open usage records ({@code instance-running} meters not
 * ended) of each instance (a page of at most 1,000 instances by id) and, on the first page, the meters' invariants
 * — a resource has at most one open meter of a kind, and no meter ends before it starts. Each check is one statement
 * and reports at most {@link #MAX_VIOLATIONS}. Reads only.
 */
@ApplicationScoped
public class UsageAudit {
    static final int MAX_VIOLATIONS = 100;
    private static final String RUNNING = MeterKind.INSTANCE_RUNNING.id();

    private static final String IDS = "SELECT DISTINCT resource_id FROM meter WHERE meter_kind = ?"
            + " AND ended_at IS NULL AND resource_id > ? ORDER BY resource_id LIMIT ?";

    private static final String OPEN = "SELECT resource_id, id, price_key, started_at FROM meter"
            + " WHERE meter_kind = ? AND ended_at IS NULL AND resource_id BETWEEN ? AND ?"
            + " ORDER BY resource_id, started_at";

    private static final String TWICE = "SELECT resource_id, meter_kind, COUNT(*) AS n FROM meter"
            + " WHERE ended_at IS NULL GROUP BY resource_id, meter_kind HAVING COUNT(*) > 1"
            + " ORDER BY resource_id, meter_kind LIMIT " + MAX_VIOLATIONS;

    private static final String BACKWARDS = "SELECT id, started_at, ended_at FROM meter WHERE ended_at < started_at"
            + " ORDER BY id LIMIT " + MAX_VIOLATIONS;

    private final Pool pool;

    public UsageAudit(Pool pool) {
        this.pool = pool;
    }

    public Uni<AuditView> page(PageRequest paging) {
        String after = paging.first() ? "" : paging.after(0);
        Uni<List<String>> ids = pool.preparedQuery(IDS).execute(Tuple.of(RUNNING, after, paging.fetchSize()))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
        Uni<List<Violation>> violations = paging.first() ? violations() : Uni.createFrom().item(List.of());
        return ids.chain(found -> {
            boolean more = found.size() > paging.limit();
            List<String> page = more ? found.subList(0, paging.limit()) : found;
            String next = more ? PageRequest.token(List.of(page.get(page.size() - 1))) : null;
            return open(page).chain(held -> violations.map(v -> new AuditView("billing", held, v, next)));
        });
    }

    private Uni<List<InstanceHoldings>> open(List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(OPEN).execute(Tuple.of(RUNNING, instanceIds.get(0),
                instanceIds.get(instanceIds.size() - 1))).map(rows -> {
                    Map<String, List<Holding>> byInstance = new LinkedHashMap<>();
                    for (Row r : rows) {
                        byInstance.computeIfAbsent(r.getString("resource_id"), k -> new ArrayList<>())
                                .add(new Holding("usage", r.getString("id"), RUNNING + " " + r.getString("price_key")
                                        + " since " + r.getLocalDateTime("started_at") + "Z"));
                    }
                    return byInstance.entrySet().stream()
                            .map(e -> new InstanceHoldings(e.getKey(), List.copyOf(e.getValue()))).toList();
                });
    }

    private Uni<List<Violation>> violations() {
        List<Violation> out = new ArrayList<>();
        return pool.query(TWICE).execute().invoke(rows -> rows.forEach(r -> out.add(new Violation(
                        "MoreThanOneOpenMeter", r.getString("resource_id"), r.getLong("n") + " "
                                + r.getString("meter_kind") + " meters are open at once"))))
                .chain(() -> pool.query(BACKWARDS).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("MeterEndsBeforeItStarts", r.getString("id"), "the meter starts at "
                                + r.getLocalDateTime("started_at") + "Z and ends at "
                                + r.getLocalDateTime("ended_at") + "Z"))))
                .map(x -> out.size() > MAX_VIOLATIONS ? List.copyOf(out.subList(0, MAX_VIOLATIONS)) : out);
    }
}
