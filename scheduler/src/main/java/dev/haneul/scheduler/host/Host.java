package dev.haneul.scheduler.host;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A hypervisor host as its agent registered it, with the capacity claimed on it. Read-only here: every write
 * is a conditional SQL update (see {@code HostStore}) so concurrent claims never overwrite each other.
 */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {
    @Id
    @Column(name = "host_id")
    public String hostId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "availability_zone")
    public String availabilityZone;
    public String rack;
    public int vcpus;
    @Column(name = "memory_mib")
    public long memoryMib;
    @Column(name = "disk_gib")
    public long diskGib;
    public int gpus;
    @Column(name = "gpu_model")
    public String gpuModel;
    public String families;
    @Column(name = "cpu_overcommit")
    public BigDecimal cpuOvercommit;
    @Column(name = "memory_overcommit")
    public BigDecimal memoryOvercommit;
    @Column(name = "used_vcpus")
    public int usedVcpus;
    @Column(name = "used_memory_mib")
    public long usedMemoryMib;
    @Column(name = "used_gpus")
    public int usedGpus;
    @Column(name = "instance_count")
    public int instanceCount;
    public boolean enabled;
    public boolean draining;
    /** Set by the liveness check when heartbeats stopped; cleared when they resume. */
    @Column(name = "marked_down")
    public boolean markedDown;
    @Column(name = "registered_at")
    public Instant registeredAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    public long generation;
    /** When the row last changed in a way placement cares about (capacity, flags, liveness, description). */
    @Column(name = "changed_at")
    public LocalDateTime changedAt;
}
