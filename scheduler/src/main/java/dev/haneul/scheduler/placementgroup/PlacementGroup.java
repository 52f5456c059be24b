package dev.haneul.scheduler.placementgroup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account's placement group: {@code cluster} (one rack), {@code spread} (distinct hosts) or {@code partition}. */
@Entity
@Table(name = "placement_group")
public class PlacementGroup extends PanacheEntityBase {
    public static final String CLUSTER = "cluster";
    public static final String SPREAD = "spread";
    public static final String PARTITION = "partition";

    @Id
    @Column(name = "group_id")
    public String groupId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "group_name")
    public String groupName;
    public String strategy;
    @Column(name = "partition_count")
    public Integer partitionCount;
    @Column(name = "created_at")
    public Instant createdAt;
}
