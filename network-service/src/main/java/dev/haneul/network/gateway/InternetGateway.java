package dev.haneul.network.gateway;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An internet gateway ({@code igw-…}): attached to at most one VPC, a VPC has at most one. */
@Entity
@Table(name = "internet_gateway")
public class InternetGateway extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    /** The VPC it is attached to, or null. */
    @Column(name = "vpc_id")
    public String vpcId;
    @Column(name = "created_at")
    public Instant createdAt;
}
