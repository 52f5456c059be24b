package dev.haneul.compute.tag;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One tag of a resource compute-api owns (an instance, a private image, a key pair) as a row, so describe can
 * filter by {@code tag:KEY} and {@code tag-key} and {@code /v1/tags} can list them; an instance's own
 * {@code tags} column stays what its view shows. The id is the resource id and the key.
 */
@Entity
@Table(name = "resource_tag")
public class ResourceTag extends PanacheEntityBase {
    @Id
    public String tagId;
    public String resourceId;
    public String accountId;
    /** EC2's resource type: {@code instance}, {@code image} or {@code key-pair}. */
    public String resourceType;
    public String tagKey;
    public String tagValue;

    static ResourceTag of(String accountId, String resourceType, String resourceId, String key, String value) {
        ResourceTag t = new ResourceTag();
        t.tagId = resourceId + ":" + key;
        t.resourceId = resourceId;
        t.accountId = accountId;
        t.resourceType = resourceType;
        t.tagKey = key;
        t.tagValue = value == null ? "" : value;
        return t;
    }
}
