package dev.haneul.compute.tag;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One tag of an instance as a row, so describe can filter by {@code tag:KEY} and {@code tag-key}; the
 * instance's own {@code tags} column stays what the view shows. The id is the instance id and the key.
 */
@Entity
@Table(name = "instance_tag")
public class InstanceTag extends PanacheEntityBase {
    @Id
    public String tagId;
    public String instanceId;
    public String tagKey;
    public String tagValue;

    static InstanceTag of(String instanceId, String key, String value) {
        InstanceTag t = new InstanceTag();
        t.tagId = instanceId + ":" + key;
        t.instanceId = instanceId;
        t.tagKey = key;
        t.tagValue = value == null ? "" : value;
        return t;
    }
}
