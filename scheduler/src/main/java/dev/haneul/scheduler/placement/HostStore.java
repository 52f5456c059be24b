package dev.haneul.scheduler.placement;

import dev.haneul.events.host.HostRegistered;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Every write to the {@code host} table, each a single conditional SQL statement, so several scheduler
 * replicas can claim and release capacity at once without locks ({@code SELECT ... FOR UPDATE} is avoided).
 * Must run inside a transaction.
 */
@ApplicationScoped
public class HostStore {

    /** Inserts or refreshes a host's description; claimed capacity and admin flags are kept. */
    public Uni<Integer> upsert(HostRegistered r) {
        return update("INSERT INTO host (host_id, agent_id, availability_zone, rack, vcpus, memory_mib, disk_gib, gpus,"
                + " gpu_model, families, cpu_overcommit, memory_overcommit, registered_at, last_seen_at)"
                + " VALUES (:id, :agent, :az, :rack, :vcpus, :mem, :disk, :gpus, :gpuModel, :families, :cpuOver,"
                + " :memOver, :at, :at)"
                + " ON DUPLICATE KEY UPDATE agent_id = VALUES(agent_id), availability_zone = VALUES(availability_zone),"
                + " rack = VALUES(rack), vcpus = VALUES(vcpus), memory_mib = VALUES(memory_mib),"
                + " disk_gib = VALUES(disk_gib), gpus = VALUES(gpus), gpu_model = VALUES(gpu_model),"
                + " families = VALUES(families), cpu_overcommit = VALUES(cpu_overcommit),"
                + " memory_overcommit = VALUES(memory_overcommit),"
                + " last_seen_at = GREATEST(last_seen_at, VALUES(last_seen_at)), generation = generation + 1",
                "id", r.hostId(), "agent", r.agentId(), "az", r.availabilityZone(), "rack", r.rack(),
                "vcpus", r.vcpus(), "mem", r.memoryMib(), "disk", r.diskGib(), "gpus", r.gpus(),
                "gpuModel", r.gpuModel(), "families", String.join(",", r.families() == null ? List.of() : r.families()),
                "cpuOver", orOne(r.cpuOvercommit()), "memOver", orOne(r.memoryOvercommit()), "at", r.at());
    }

    public Uni<Integer> heartbeat(String hostId, Instant at) {
        return update("UPDATE host SET last_seen_at = GREATEST(last_seen_at, :at) WHERE host_id = :id",
                "at", at, "id", hostId);
    }

    /** Claims capacity if the host is unchanged since {@code h} was read and the instance still fits: 1 or 0 rows. */
    public Uni<Integer> claim(HostState h, PlacementRequest r) {
        return update("UPDATE host SET used_vcpus = used_vcpus + :v, used_memory_mib = used_memory_mib + :m,"
                + " used_gpus = used_gpus + :g, instance_count = instance_count + 1, generation = generation + 1"
                + " WHERE host_id = :id AND generation = :gen AND enabled AND NOT draining"
                + " AND used_vcpus + :v <= FLOOR(vcpus * cpu_overcommit)"
                + " AND used_memory_mib + :m <= FLOOR(memory_mib * memory_overcommit) AND used_gpus + :g <= gpus",
                "v", r.vcpus(), "m", r.memoryMib(), "g", r.gpus(), "id", h.hostId(), "gen", h.generation());
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
                + " instance_count = GREATEST(instance_count - 1, 0), generation = generation + 1 WHERE host_id = :id",
                "v", a.vcpus, "m", a.memoryMib, "g", a.gpus, "id", a.hostId);
    }

    /** Sets the admin flags of a host: 1 row, or 0 when there is no such host. */
    public Uni<Integer> setFlags(String hostId, boolean enabled, boolean draining) {
        return update("UPDATE host SET enabled = :e, draining = :d, generation = generation + 1 WHERE host_id = :id",
                "e", enabled, "d", draining, "id", hostId);
    }

    /** The hosts of one availability zone, read fresh from the database (not from the session cache). */
    public Uni<List<HostState>> inZone(String availabilityZone) {
        return Panache.getSession().chain(s -> s.createQuery("select new " + HostState.class.getName()
                + "(h.hostId, h.availabilityZone, h.rack, h.enabled, h.draining, h.lastSeenAt, h.vcpus, h.memoryMib,"
                + " h.gpus, h.families, h.cpuOvercommit, h.memoryOvercommit, h.usedVcpus, h.usedMemoryMib,"
                + " h.usedGpus, h.instanceCount, h.generation) from Host h where h.availabilityZone = :az",
                HostState.class).setParameter("az", availabilityZone).getResultList());
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
