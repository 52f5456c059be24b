package dev.haneul.volume.volume;

import dev.haneul.volume.common.TagsConverter;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A block volume of one account in one availability zone, with its attachment (a volume is attached to at
 * most one instance; a database unique key keeps one volume per instance device) and its latest
 * modification. States: creating → available → in-use → deleting → deleted (or error).
 */
@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {
    public static final String CREATING = "creating";
    public static final String AVAILABLE = "available";
    public static final String IN_USE = "in-use";
    public static final String DELETING = "deleting";
    public static final String DELETED = "deleted";

    public static final String ATTACHING = "attaching";
    public static final String ATTACHED = "attached";
    public static final String DETACHING = "detaching";

    @Id
    @Column(name = "volume_id")
    public String volumeId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "availability_zone")
    public String availabilityZone;
    @Column(name = "size_gib")
    public int size;
    @Column(name = "volume_type")
    public String volumeType;
    public Integer iops;
    public Integer throughput;
    public boolean encrypted;
    @Column(name = "snapshot_id")
    public String snapshotId;
    public String state;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "transition_at")
    public Instant transitionAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "instance_id")
    public String instanceId;
    public String device;
    @Column(name = "attachment_state")
    public String attachmentState;
    @Column(name = "attach_time")
    public Instant attachTime;
    @Column(name = "delete_on_termination")
    public boolean deleteOnTermination;
    @Column(name = "root_device")
    public boolean rootDevice;
    /**
     * How many times the pending AttachVolume / DetachVolume has been sent to the instance's host (0 when none
     * is pending); {@link #transitionAt} is when it is due again.
     */
    @Column(name = "host_command_tries")
    public int hostCommandTries;
    /** The pending detach was asked with {@code force}. */
    @Column(name = "detach_force")
    public boolean detachForce;

    /** The tags as a JSON object; see {@link TagsConverter}. */
    @Column(name = "tags")
    public String tagsJson;

    @Column(name = "modification_state")
    public String modificationState;
    @Column(name = "modification_start")
    public Instant modificationStart;
    @Column(name = "modification_end")
    public Instant modificationEnd;
    @Column(name = "modification_optimizing_at")
    public Instant modificationOptimizingAt;
    @Column(name = "modification_complete_at")
    public Instant modificationCompleteAt;
    @Column(name = "original_size_gib")
    public Integer originalSize;
    @Column(name = "original_volume_type")
    public String originalVolumeType;
    @Column(name = "original_iops")
    public Integer originalIops;
    @Column(name = "original_throughput")
    public Integer originalThroughput;
    /** Epoch milliseconds of the modifications started within the rate window; see {@link ModificationRate}. */
    @Column(name = "recent_modifications")
    public String recentModifications;

    @Version
    public long version;

    /** Takes the validated type, size and performance. */
    public void apply(VolumeSpec spec) {
        volumeType = spec.volumeType();
        size = spec.size();
        iops = spec.iops();
        throughput = spec.throughput();
    }

    /** Attaches the volume to {@code instance} at {@code dev}: in-use, attachment in {@code attachState}. */
    public void attach(String instance, String dev, String attachState, Instant at, boolean deleteOnTerm) {
        state = IN_USE;
        instanceId = instance;
        device = dev;
        attachmentState = attachState;
        attachTime = at;
        deleteOnTermination = deleteOnTerm;
    }

    /** Removes the attachment: the volume is available again. */
    public void detach() {
        state = AVAILABLE;
        clearAttachment();
        transitionAt = null;
    }

    /** The volume is gone (kept visible as deleted for a while). */
    public void markDeleted(Instant at) {
        state = DELETED;
        clearAttachment();
        deletedAt = at;
        transitionAt = null;
    }

    /** True once the attachment has been announced (VolumeAttached): it is attached or being detached. */
    public boolean isAnnouncedAttached() {
        return ATTACHED.equals(attachmentState) || DETACHING.equals(attachmentState);
    }

    private void clearAttachment() {
        hostCommandTries = 0;
        detachForce = false;
        instanceId = null;
        device = null;
        attachmentState = null;
        attachTime = null;
        deleteOnTermination = false;
        rootDevice = false;
    }
}
