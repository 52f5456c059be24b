package dev.haneul.compute.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A machine image (AMI): public ones have no account; private ones belong to the account that made them. */
@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {
    @Id
    public String imageId;
    public String accountId;
    public String name;
    public String description;
    public String architecture;
    public String platform;
    public String platformDetails;
    public String rootDeviceName;
    public int minRootSizeGib;
    public String defaultUser;
    public String snapshotId;
    public String sourceInstanceId;
    /** The root volume the image's snapshot is taken of (private images). */
    public String sourceVolumeId;
    public String state;
    public Instant createdAt;
    /**
     * The host drivers that can boot it, comma-separated ({@code simulated}, {@code linux}): real guests boot only
     * the images a host can build (Debian 12); a private image boots on the simulated fleet only, as no host captures
     * a guest's files yet.
     */
    public String supportedDrivers = "simulated";

    /** The image if the account may launch it (public or its own) and it is available; else null. */
    public static Uni<Image> launchable(String imageId, String accountId) {
        return Image.<Image>findById(imageId).map(i -> i != null && "available".equals(i.state)
                && (i.accountId == null || i.accountId.equals(accountId)) ? i : null);
    }

    public static Uni<List<Image>> visibleTo(String accountId) {
        return list("(accountId is null or accountId = ?1) and state <> 'deregistered' order by name, imageId",
                accountId);
    }
}
