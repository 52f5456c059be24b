package dev.haneul.scheduler.audit;

import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.scheduler.audit.api.AuditView;
import dev.haneul.scheduler.audit.api.AuditView.Holding;
import dev.haneul.scheduler.audit.api.AuditView.InstanceHoldings;
import dev.haneul.scheduler.audit.api.AuditView.Violation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the consistency audit asks of the scheduler: the allocations (one per instance, a page of at most
 * 1,000 by instance id) and, on the first page, the fleet's invariants — a host's used vCPUs, memory, GPUs and
 * instance count equal the sums over its allocations, and every allocation is on a registered host. Each check is
 * one statement (one consistent snapshot, so a claim committing meanwhile is never half seen) and reports at most
 * {@link #MAX_VIOLATIONS}. Reads only.
 */
@ApplicationScoped
public class AllocationAudit {
    static final int MAX_VIOLATIONS = 100;

    private static final String USAGE = "SELECT h.host_id, h.used_vcpus, h.used_memory_mib, h.used_gpus,"
            + " h.instance_count, COALESCE(SUM(a.vcpus), 0) AS v, COALESCE(SUM(a.memory_mib), 0) AS m,"
            + " COALESCE(SUM(a.gpus), 0) AS g, COUNT(a.instance_id) AS n"
            + " FROM host h LEFT JOIN allocation a ON a.host_id = h.host_id"
            + " GROUP BY h.host_id, h.used_vcpus, h.used_memory_mib, h.used_gpus, h.instance_count"
            + " HAVING h.used_vcpus <> v OR h.used_memory_mib <> m OR h.used_gpus <> g OR h.instance_count <> n"
            + " ORDER BY h.host_id LIMIT " + MAX_VIOLATIONS;

    private static final String NO_HOST = "SELECT a.instance_id, a.host_id FROM allocation a"
            + " LEFT JOIN host h ON h.host_id = a.host_id WHERE h.host_id IS NULL ORDER BY a.instance_id LIMIT "
            + MAX_VIOLATIONS;

    private final Pool pool;

    public AllocationAudit(Pool pool) {
        this.pool = pool;
    }

    public Uni<AuditView> page(PageRequest paging) {
        String after = paging.first() ? "" : paging.after(0);
        Uni<Page<InstanceHoldings>> instances = pool.preparedQuery("SELECT instance_id, host_id, attempt, vcpus,"
                + " memory_mib, gpus FROM allocation WHERE instance_id > ? ORDER BY instance_id LIMIT ?")
                .execute(Tuple.of(after, paging.fetchSize()))
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return paging.pageById(list, r -> r.getString("instance_id"), AllocationAudit::holdings);
                });
        Uni<List<Violation>> violations = paging.first() ? violations() : Uni.createFrom().item(List.of());
        return instances.chain(page -> violations.map(v -> new AuditView("scheduler", page.items(), v,
                page.nextToken())));
    }

    private static InstanceHoldings holdings(Row r) {
        String host = r.getString("host_id");
        return new InstanceHoldings(r.getString("instance_id"), List.of(new Holding("allocation", host,
                r.getInteger("vcpus") + " vCPUs, " + r.getLong("memory_mib") + " MiB, " + r.getInteger("gpus")
                        + " GPUs on " + host + " (attempt " + r.getInteger("attempt") + ")")));
    }

    private Uni<List<Violation>> violations() {
        return pool.query(USAGE).execute().chain(usage -> pool.query(NO_HOST).execute().map(orphans -> {
            List<Violation> out = new ArrayList<>();
            for (Row r : usage) {
                out.add(new Violation("HostUsageMismatch", r.getString("host_id"), String.format(
                        "the host records %d vCPUs, %d MiB, %d GPUs and %d instances in use; its allocations add"
                                + " up to %d vCPUs, %d MiB, %d GPUs and %d instances",
                        r.getInteger("used_vcpus"), r.getLong("used_memory_mib"), r.getInteger("used_gpus"),
                        r.getInteger("instance_count"), r.getLong("v"), r.getLong("m"), r.getLong("g"),
                        r.getLong("n"))));
            }
            for (Row r : orphans) {
                out.add(new Violation("AllocationOnUnknownHost", r.getString("instance_id"),
                        "the allocation is on host " + r.getString("host_id") + ", which is not registered"));
            }
            return out.size() > MAX_VIOLATIONS ? out.subList(0, MAX_VIOLATIONS) : out;
        }));
    }
}
