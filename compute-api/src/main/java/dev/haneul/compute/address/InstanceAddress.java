package dev.haneul.compute.address;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A public address network-service reported for an instance: an auto-assigned lease ({@code kind} auto, id
 * the lease id) or an elastic IP association ({@code kind} elastic, id {@code eip:} + association id). A
 * released one stays, inactive, as a tombstone: a late "acquired" of the same lease then changes nothing.
 */
@Entity
@Table(name = "instance_address")
public class InstanceAddress extends PanacheEntityBase {
    @Id
    public String addressId;
    public String instanceId;
    public String publicIp;
    public String kind;
    public boolean active;
    public Instant eventAt;
}
