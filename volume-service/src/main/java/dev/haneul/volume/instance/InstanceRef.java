package dev.haneul.volume.instance;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * What volume-service knows of an instance, projected from {@code instance-events}: its account, its
 * availability zone (volumes attach only in the same zone), its state, its current launch attempt and the
 * host it runs on.
 */
@Entity
@Table(name = "instance_ref")
public class InstanceRef extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String SHUTTING_DOWN = "shutting-down";
    public static final String TERMINATED = "terminated";

    @Id
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "availability_zone")
    public String availabilityZone;
    public String state;
    public int attempt;
    /** The host the current attempt runs on (from InstanceScheduled / InstanceRunning); null before. */
    @Column(name = "host_id")
    public String hostId;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** Running on a known host: attachments go through the host agent. */
    public boolean isOnHost() {
        return RUNNING.equals(state) && hostId != null;
    }

    public boolean isTerminated() {
        return TERMINATED.equals(state);
    }
}
