package dev.haneul.scheduler.placement;

import dev.haneul.events.host.HostRegistered;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every write to the {@code host} table but a batch placement's claims ({@link PlacementStore#claims}), each a single
 * conditional SQL statement, so several scheduler replicas can claim and release capacity, and mark hosts down, at
 * once without locks ({@code SELECT ... FOR UPDATE} is avoided); a claim's condition is {@link HostFit}'s. Every
 * write that placement cares about stamps {@code changed_at}, from which each replica's {@link HostCache} refreshes
 * itself (heartbeats do not: see {@link #heartbeats}). Must run inside a transaction (reads: inside a session).
 */
@ApplicationScoped
public class HostStore {
    private final Pool pool;

    @Inject
    public HostStore(Pool pool) {
        this.pool = pool;
    }

    /** Heartbeats written by one statement. */
    public static final int HEARTBEAT_CHUNK = 500;

    /** {@link HostFit}'s rule for the amounts bound to {@code :v}, {@code :m}, {@code :g}. */
    private static final String FITS = HostFit.sql(":v", ":m", ":g");

    /** The columns of a {@code host} row that {@link #hostState(Row)} maps, for native reads. */
    static final String HOST_COLUMNS = "host_id, availability_zone, rack, enabled, draining, marked_down,"
            + " last_seen_at, vcpus, memory_mib, gpus, families, cpu_overcommit, memory_overcommit, used_vcpus,"
            + " used_memory_mib, used_gpus, instance_count, generation";

    private static final String PROJECTION = "select new " + HostState.class.getName()
            + "(h.hostId, h.availabilityZone, h.rack, h.enabled, h.draining, h.markedDown, h.lastSeenAt, h.vcpus,"
            + " h.memoryMib, h.gpus, h.families, h.cpuOvercommit, h.memoryOvercommit, h.usedVcpus, h.usedMemoryMib,"
            + " h.usedGpus, h.instanceCount, h.generation) from Host h";

    private static final String UPSERT_UPDATE = " ON DUPLICATE KEY UPDATE agent_id = VALUES(agent_id),"
            + " availability_zone = VALUES(availability_zone), rack = VALUES(rack), vcpus = VALUES(vcpus),"
            + " memory_mib = VALUES(memory_mib), disk_gib = VALUES(disk_gib), gpus = VALUES(gpus),"
            + " gpu_model = VALUES(gpu_model), families = VALUES(families), cpu_overcommit = VALUES(cpu_overcommit),"
            + " memory_overcommit = VALUES(memory_overcommit),"
            + " last_seen_at = GREATEST(last_seen_at, VALUES(last_seen_at)), generation = generation + 1,"
            + " changed_at = NOW(6)";

    /** Inserts or refreshes a host's description; claimed capacity, admin flags and liveness are kept. */
    public Uni<Integer> upsert(HostRegistered r) {
        return update("INSERT INTO host (host_id, agent_id, availability_zone, rack, vcpus, memory_mib, disk_gib, gpus,"
                + " gpu_model, families, cpu_overcommit, memory_overcommit, registered_at, last_seen_at, changed_at)"
                + " VALUES (:id, :agent, :az, :rack, :vcpus, :mem, :disk, :gpus, :gpuModel, :families, :cpuOver,"
                + " :memOver, :at, :at, NOW(6))"
                + UPSERT_UPDATE,
                "id", r.hostId(), "agent", r.agentId(), "az", r.availabilityZone(), "rack", r.rack(),
                "vcpus", r.vcpus(), "mem", r.memoryMib(), "disk", r.diskGib(), "gpus", r.gpus(),
                "gpuModel", r.gpuModel(), "families", String.join(",", r.families() == null ? List.of() : r.families()),
                "cpuOver", orOne(r.cpuOvercommit()), "memOver", orOne(r.memoryOvercommit()), "at", r.at());
    }

    /**
     * {@link #upsert} for many registrations at once, on a reactive client connection (inside the caller's
     * transaction): one multi-row statement per {@value #HEARTBEAT_CHUNK} hosts, the rows in their order (a host
     * registered twice ends as its last registration says).
     */
    public Uni<Void> upsertAll(SqlConnection conn, List<HostRegistered> registrations) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < registrations.size(); from += HEARTBEAT_CHUNK) {
            List<HostRegistered> chunk = registrations.subList(from, Math.min(registrations.size(),
                    from + HEARTBEAT_CHUNK));
            List<Object> params = new ArrayList<>(chunk.size() * 13);
            for (HostRegistered r : chunk) {
                LocalDateTime at = LocalDateTime.ofInstant(r.at(), ZoneOffset.UTC);
                params.addAll(Arrays.asList(r.hostId(), r.agentId(), r.availabilityZone(), r.rack(),
                        r.vcpus(), r.memoryMib(), r.diskGib(), r.gpus(), r.gpuModel(),
                        String.join(",", r.families() == null ? List.of() : r.families()), orOne(r.cpuOvercommit()),
                        orOne(r.memoryOvercommit()), at, at));
            }
            String sql = "INSERT INTO host (host_id, agent_id, availability_zone, rack, vcpus, memory_mib, disk_gib,"
                    + " gpus, gpu_model, families, cpu_overcommit, memory_overcommit, registered_at, last_seen_at,"
                    + " changed_at) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(),
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(6))"))
                    + UPSERT_UPDATE;
            chain = chain.chain(() -> conn.preparedQuery(sql).execute(Tuple.tuple(params))
                    .replaceWithVoid());
        }
        return chain;
    }

    /**
     * Records the latest heartbeat of many hosts: one {@code UPDATE} per {@value #HEARTBEAT_CHUNK} hosts
     * ({@code last_seen_at} only moves forward, so replicas and redeliveries may write in any order). It does not
     * stamp {@code changed_at}: a heartbeat changes nothing else placement looks at, and stamping it made every
     * view refresh re-read the whole fleet every heartbeat interval. The views follow {@code last_seen_at} with
     * {@link #lastSeen()} instead; liveness transitions (marked down or up) stamp {@code changed_at} as before.
     */
    public Uni<Void> heartbeats(Map<String, Instant> lastSeen) {
        List<Map.Entry<String, Instant>> all = new ArrayList<>(lastSeen.entrySet());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < all.size(); from += HEARTBEAT_CHUNK) {
            List<Map.Entry<String, Instant>> chunk = all.subList(from, Math.min(all.size(), from + HEARTBEAT_CHUNK));
            StringBuilder cases = new StringBuilder();
            StringBuilder ids = new StringBuilder();
            List<Object> params = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                cases.append(" WHEN :h").append(i).append(" THEN :t").append(i);
                ids.append(i == 0 ? "" : ", ").append(":h").append(i);
                params.add("h" + i);
                params.add(chunk.get(i).getKey());
                params.add("t" + i);
                params.add(chunk.get(i).getValue());
            }
            String sql = "UPDATE host SET last_seen_at = GREATEST(last_seen_at, CASE host_id" + cases
                    + " END) WHERE host_id IN (" + ids + ")";
            chain = chain.chain(() -> update(sql, params.toArray()).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Claims capacity if the instance still fits and the host still takes instances: 1 or 0 rows. The condition is
     * evaluated on the latest committed row under InnoDB's row lock, so concurrent claims from any number of
     * replicas can never take a host past its limits, whatever their (possibly stale) view of it was.
     */
    public Uni<Integer> claim(HostState h, PlacementRequest r) {
        return update("UPDATE host SET used_vcpus = used_vcpus + :v, used_memory_mib = used_memory_mib + :m,"
                + " used_gpus = used_gpus + :g, instance_count = instance_count + 1, generation = generation + 1,"
                + " changed_at = NOW(6) WHERE host_id = :id AND " + FITS,
                "v", r.vcpus(), "m", r.memoryMib(), "g", r.gpus(), "id", h.hostId());
    }

    /**
     * Of the candidate hosts, one that no other transaction is claiming at this instant and that still takes the
     * request, locked for this transaction ({@code FOR UPDATE SKIP LOCKED}, in host id order); null when each is
     * full, out of service or being claimed. Concurrent placements that ranked the same hosts thus take different
     * ones instead of queueing on one row lock.
     */
    public Uni<String> lockFreeCandidate(List<HostState> candidates, PlacementRequest r) {
        StringBuilder in = new StringBuilder();
        List<Object> params = new ArrayList<>(List.of("v", r.vcpus(), "m", r.memoryMib(), "g", r.gpus()));
        for (int i = 0; i < candidates.size(); i++) {
            in.append(i == 0 ? "" : ", ").append(":c").append(i);
            params.add("c" + i);
            params.add(candidates.get(i).hostId());
        }
        String sql = "SELECT host_id FROM host WHERE host_id IN (" + in + ") AND " + FITS
                + " ORDER BY host_id LIMIT 1 FOR UPDATE SKIP LOCKED";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, String.class);
            for (int i = 0; i < params.size(); i += 2) {
                q.setParameter((String) params.get(i), params.get(i + 1));
            }
            return q.getResultList();
        }).map(l -> l.isEmpty() ? null : l.get(0));
    }

    /**
     * Deletes the allocation row and, only when this call deleted it, gives its capacity back: two concurrent
     * releases of one allocation (a terminate and an audit) free it once.
     */
    public Uni<Void> releaseAndDelete(Allocation a) {
        return update("DELETE FROM allocation WHERE instance_id = :id AND attempt = :attempt AND host_id = :host",
                "id", a.instanceId, "attempt", a.attempt, "host", a.hostId)
                .chain(rows -> rows == 1 ? release(a).replaceWithVoid() : Uni.createFrom().voidItem());
    }

    /** Gives an allocation's capacity back to its host. */
    public Uni<Integer> release(Allocation a) {
        return update("UPDATE host SET used_vcpus = GREATEST(used_vcpus - :v, 0),"
                + " used_memory_mib = GREATEST(used_memory_mib - :m, 0), used_gpus = GREATEST(used_gpus - :g, 0),"
                + " instance_count = GREATEST(instance_count - 1, 0), generation = generation + 1,"
                + " changed_at = NOW(6) WHERE host_id = :id",
                "v", a.vcpus, "m", a.memoryMib, "g", a.gpus, "id", a.hostId);
    }

    /** Sets the admin flags of a host if they differ: 1 row when they changed, 0 when unchanged or no such host. */
    public Uni<Integer> setFlags(String hostId, boolean enabled, boolean draining) {
        return update("UPDATE host SET enabled = :e, draining = :d, generation = generation + 1, changed_at = NOW(6)"
                + " WHERE host_id = :id AND (enabled <> :e OR draining <> :d)",
                "e", enabled, "d", draining, "id", hostId);
    }

    /** Hosts not yet marked down whose last heartbeat is older than {@code cutoff}, in host id order. */
    public Uni<List<String>> overdue(Instant cutoff, int limit) {
        return ids("SELECT host_id FROM host WHERE NOT marked_down AND last_seen_at < :cutoff ORDER BY host_id"
                + " LIMIT " + limit, cutoff);
    }

    /** Whether any host of the fleet heartbeated at or after {@code since} (the scheduler hears the fleet). */
    public Uni<Boolean> anyHeartbeatSince(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT host_id FROM host WHERE last_seen_at >= :since"
                + " LIMIT 1", String.class).setParameter("since", since).getResultList()).map(found -> !found.isEmpty());
    }

    /** Hosts marked down that heartbeat again (last heartbeat at or after {@code cutoff}), in host id order. */
    public Uni<List<String>> resumed(Instant cutoff, int limit) {
        return ids("SELECT host_id FROM host WHERE marked_down AND last_seen_at >= :cutoff ORDER BY host_id"
                + " LIMIT " + limit, cutoff);
    }

    /** Marks the host down if it still is overdue and nobody marked it yet: 1 row for exactly one replica. */
    public Uni<Integer> markDown(String hostId, Instant cutoff) {
        return update("UPDATE host SET marked_down = TRUE, generation = generation + 1, changed_at = NOW(6)"
                + " WHERE host_id = :id AND NOT marked_down AND last_seen_at < :cutoff", "id", hostId, "cutoff", cutoff);
    }

    /** Marks the host up again if it is down and heartbeats: 1 row for exactly one replica. */
    public Uni<Integer> markUp(String hostId, Instant cutoff) {
        return update("UPDATE host SET marked_down = FALSE, generation = generation + 1, changed_at = NOW(6)"
                + " WHERE host_id = :id AND marked_down AND last_seen_at >= :cutoff", "id", hostId, "cutoff", cutoff);
    }

    /** The instances holding capacity on the host, in id order. */
    public Uni<List<String>> instanceIds(String hostId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT instance_id FROM allocation WHERE host_id = :id ORDER BY instance_id", String.class)
                .setParameter("id", hostId).getResultList());
    }

    /** The hosts of one availability zone, read fresh from the database (not from the session cache). */
    public Uni<List<HostState>> inZone(String availabilityZone) {
        return Panache.getSession().chain(s -> s.createQuery(PROJECTION + " where h.availabilityZone = :az",
                HostState.class).setParameter("az", availabilityZone).getResultList());
    }

    /** One host, read fresh; null when there is none. */
    public Uni<HostState> one(String hostId) {
        return Panache.getSession().chain(s -> s.createQuery(PROJECTION + " where h.hostId = :id", HostState.class)
                .setParameter("id", hostId).getResultList()).map(l -> l.isEmpty() ? null : l.get(0));
    }

    /** Some hosts, read fresh. */
    public Uni<List<HostState>> some(List<String> hostIds) {
        return Panache.getSession().chain(s -> s.createQuery(PROJECTION + " where h.hostId in :ids", HostState.class)
                .setParameter("ids", hostIds).getResultList());
    }

    /**
     * The hosts whose row changed at or after {@code since} (the database's clock, see {@link #databaseNow}): native
     * SQL on the reactive client, outside any Hibernate session (no entity or projection work per row).
     */
    public Uni<List<HostState>> changedSince(LocalDateTime since) {
        return pool.preparedQuery("SELECT " + HOST_COLUMNS + " FROM host WHERE changed_at >= ?")
                .execute(Tuple.of(since)).map(rows -> {
                    List<HostState> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(hostState(r)));
                    return out;
                });
    }

    /**
     * Every host's last heartbeat as the database has it (two columns of the whole fleet, on the reactive client):
     * what keeps the views' {@code lastSeenAt} fresh, now that heartbeats no longer stamp {@code changed_at}.
     */
    public Uni<Map<String, Instant>> lastSeen() {
        return pool.query("SELECT host_id, last_seen_at FROM host").execute().map(rows -> {
            Map<String, Instant> out = new HashMap<>(rows.rowCount() * 2);
            for (Row r : rows) {
                LocalDateTime seen = r.getLocalDateTime(1);
                if (seen != null) {
                    out.put(r.getString(0), seen.toInstant(ZoneOffset.UTC));
                }
            }
            return out;
        });
    }

    /**
     * The database's clock, which stamps {@code changed_at}; kept as the database's local time (no time-zone
     * conversion either way), since it is only ever compared with {@code changed_at}.
     */
    public Uni<LocalDateTime> databaseNow() {
        return pool.query("SELECT NOW(6)").execute().map(rows -> rows.iterator().next().getLocalDateTime(0));
    }

    /**
     * A row of {@link #HOST_COLUMNS} as read on the reactive client; {@code DATETIME} columns hold UTC, as Hibernate
     * writes {@link Instant}s.
     */
    static HostState hostState(Row r) {
        LocalDateTime seen = r.getLocalDateTime("last_seen_at");
        return new HostState(r.getString("host_id"), r.getString("availability_zone"), r.getString("rack"),
                bool(r, "enabled"), bool(r, "draining"), bool(r, "marked_down"),
                seen == null ? null : seen.toInstant(ZoneOffset.UTC), r.getInteger("vcpus"), r.getLong("memory_mib"),
                r.getInteger("gpus"), r.getString("families"), r.getBigDecimal("cpu_overcommit"),
                r.getBigDecimal("memory_overcommit"), r.getInteger("used_vcpus"), r.getLong("used_memory_mib"),
                r.getInteger("used_gpus"), r.getInteger("instance_count"), r.getLong("generation"));
    }

    private static boolean bool(Row r, String column) {
        Object v = r.getValue(column);
        return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
    }

    private static Uni<List<String>> ids(String sql, Instant cutoff) {
        return Panache.getSession().chain(s -> s.createNativeQuery(sql, String.class).setParameter("cutoff", cutoff)
                .getResultList());
    }

    private static BigDecimal orOne(BigDecimal b) {
        return b == null ? BigDecimal.ONE : b;
    }

    private static Uni<Integer> update(String sql, Object... params) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i += 2) {
                q.setParameter((String) params[i], params[i + 1]);
            }
            return q.executeUpdate();
        });
    }
}
