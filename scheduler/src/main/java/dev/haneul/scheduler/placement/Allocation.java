package dev.haneul.scheduler.placement;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The capacity one instance holds on one host, for its current launch attempt (one row per instance). */
@Entity
@Table(name = "allocation")
public class Allocation extends PanacheEntityBase {
    @Id
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "account_id")
    public String accountId;
    public int attempt;
    @Column(name = "host_id")
    public String hostId;
    @Column(name = "instance_type")
    public String instanceType;
    public int vcpus;
    @Column(name = "memory_mib")
    public long memoryMib;
    public int gpus;
    @Column(name = "placement_group_id")
    public String placementGroupId;
    @Column(name = "partition_number")
    public Integer partitionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
}
