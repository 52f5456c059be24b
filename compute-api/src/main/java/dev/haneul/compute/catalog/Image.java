package dev.haneul.compute.catalog;

import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

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
    /** Why the image is {@code failed} (EC2's StateReason message), else null. */
    public String stateReason;
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

    /** A page's key: the last image's name and id (a name has no NUL, an id is ami-…). */
    public static final Predicate<List<String>> PAGE_KEY = key -> key.size() == 2 && key.get(1).startsWith("ami-");

    /** A page of the images the account may see (public, or its own and not deregistered), by name then id. */
    public static Uni<Page<Image>> visibleTo(String accountId, PageRequest paging) {
        Parameters p = Parameters.with("account", accountId);
        String after = paging.keysetCondition(p, List.of("name", "imageId"), paging.after());
        return Image.<Image>find("(accountId is null or accountId = :account) and state <> 'deregistered'"
                + (after == null ? "" : " and " + after) + " order by name, imageId", p)
                .range(0, paging.limit()).list()
                .map(rows -> paging.page(rows, i -> List.of(i.name, i.imageId), i -> i));
    }
}
