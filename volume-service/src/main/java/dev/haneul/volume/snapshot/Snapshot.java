package dev.haneul.volume.snapshot;

import dev.haneul.volume.common.TagsConverter;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A point-in-time copy of a volume: pending until the back end has copied it, then completed. */
@Entity
@Table(name = "snapshot")
public class Snapshot extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    @Id
    @Column(name = "snapshot_id")
    public String snapshotId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "volume_id")
    public String volumeId;
    @Column(name = "volume_size")
    public int volumeSize;
    public boolean encrypted;
    public String state;
    public String description;
    @Column(name = "start_time")
    public Instant startTime;
    @Column(name = "complete_at")
    public Instant completeAt;
    /** The tags as a JSON object; see {@link TagsConverter}. */
    @Column(name = "tags")
    public String tagsJson;
    @Version
    public long version;
}
