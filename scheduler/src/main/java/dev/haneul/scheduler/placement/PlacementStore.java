package dev.haneul.scheduler.placement;

import dev.haneul.events.instance.InstanceRequested;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of a batch placement ({@link BatchPlacement}), on the reactive MySQL client's connection inside the batch's
 * transaction: which instances already hold an allocation, the per-host claims (pipelined), the locking re-read of
 * the hosts whose claim failed, and the allocation rows. Every statement binds its values as parameters; the
 * claims' condition is {@link HostFit}'s, as the single placement's claim ({@link HostStore#claim}) is.
 */
final class PlacementStore {
    /** Rows per multi-row INSERT (well under the protocol's 65,535 parameters). */
    private static final int ROWS_PER_INSERT = 500;

    /** Binds vCPUs, memory, GPUs, instances, host id, then vCPUs, memory, GPUs again (for the condition). */
    private static final String CLAIM = "UPDATE host SET used_vcpus = used_vcpus + ?,"
            + " used_memory_mib = used_memory_mib + ?, used_gpus = used_gpus + ?, instance_count = instance_count + ?,"
            + " generation = generation + 1, changed_at = NOW(6)"
            + " WHERE host_id = ? AND " + HostFit.sql("?", "?", "?");

    private PlacementStore() {
    }

    /** One host's share of a batch: the sum of the requests decided onto it, and how many they are. */
    record Claim(String hostId, long vcpus, long memoryMib, long gpus, int instances) {
    }

    /** A request of the batch and the host whose claim took it. */
    record Placed(InstanceRequested request, String hostId) {
    }

    /**
     * The per-host claims, each its own conditional {@code UPDATE} (so which host refused is known exactly), the
     * rows claimed by each in the claims' order. The statement is prepared once and its executions are pipelined
     * on the connection ({@code quarkus.datasource.reactive.mysql.pipelining-limit}): sent in the claims' order
     * without waiting for each answer, instead of one round trip after the other as {@code executeBatch} does on
     * this client.
     */
    static Uni<List<Integer>> claims(SqlConnection conn, List<Claim> claims) {
        return conn.prepare(CLAIM).chain(statement -> {
            List<Uni<Integer>> each = new ArrayList<>(claims.size());
            for (Claim c : claims) {
                Tuple params = Tuple.tuple(List.<Object>of(c.vcpus(), c.memoryMib(), c.gpus(), c.instances(),
                        c.hostId(), c.vcpus(), c.memoryMib(), c.gpus()));
                each.add(statement.query().execute(params).map(RowSet::rowCount));
            }
            return Uni.join().all(each).andFailFast().eventually(statement::close);
        });
    }

    /** Hosts as the database has them now (a locking read: the latest committed rows), by id. */
    static Uni<Map<String, HostState>> hosts(SqlConnection conn, List<String> hostIds) {
        return conn.preparedQuery("SELECT " + HostStore.HOST_COLUMNS + " FROM host WHERE host_id IN ("
                + marks(hostIds.size()) + ") LOCK IN SHARE MODE").execute(Tuple.tuple(new ArrayList<Object>(hostIds)))
                .map(rows -> {
                    Map<String, HostState> out = new HashMap<>();
                    rows.forEach(r -> {
                        HostState h = HostStore.hostState(r);
                        out.put(h.hostId(), h);
                    });
                    return out;
                });
    }

    /** Those of the instances that already hold an allocation. */
    static Uni<Set<String>> allocated(SqlConnection conn, List<String> instanceIds) {
        return conn.preparedQuery("SELECT instance_id FROM allocation WHERE instance_id IN ("
                + marks(instanceIds.size()) + ")").execute(Tuple.tuple(new ArrayList<Object>(instanceIds))).map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /**
     * The allocation rows of the placed requests (no placement group: those take the single path), one multi-row
     * {@code INSERT} per {@value #ROWS_PER_INSERT}; {@code createdAt} is stored as UTC, as Hibernate writes
     * {@link Instant}s.
     */
    static Uni<Void> insertAllocations(SqlConnection conn, List<Placed> placed, Instant createdAt) {
        LocalDateTime now = LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < placed.size(); from += ROWS_PER_INSERT) {
            List<Placed> chunk = placed.subList(from, Math.min(placed.size(), from + ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 11);
            for (Placed p : chunk) {
                InstanceRequested r = p.request();
                params.addAll(Arrays.<Object>asList(r.instanceId(), r.accountId(), r.attempt(), p.hostId(),
                        r.instanceType(), r.vcpus(), r.memoryMib(), r.gpus(), null, null, now));
            }
            String sql = "INSERT INTO allocation (instance_id, account_id, attempt, host_id, instance_type, vcpus,"
                    + " memory_mib, gpus, placement_group_id, partition_number, created_at) VALUES "
                    + ConsumedEventLog.repeat(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            chain = chain.chain(() -> conn.preparedQuery(sql).execute(Tuple.tuple(params)).replaceWithVoid());
        }
        return chain;
    }

    private static String marks(int n) {
        return ConsumedEventLog.repeat(n, "?");
    }
}
