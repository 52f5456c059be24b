package dev.haneul.network.eip;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An address of the public pool in use: auto-assigned to an interface ({@code kind} {@code auto}) or an
 * elastic IP of an account ({@code elastic}, {@code eipalloc-…}), associated with an interface or not.
 */
@Entity
@Table(name = "public_ip")
public class PublicIp extends PanacheEntityBase {
    @Id
    public String ip;
    @Column(name = "account_id")
    public String accountId;
    public String kind;
    @Column(name = "network_interface_id")
    public String networkInterfaceId;
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    /** The billing lease: new for every auto assignment; an elastic IP's allocation id. */
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "allocation_id")
    public String allocationId;
    /** Set while an elastic IP is associated ({@code eipassoc-…}). */
    @Column(name = "association_id")
    public String associationId;
}
