package dev.haneul.network.securitygroup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A security group of a VPC: stateful allow rules for the interfaces that carry it. */
@Entity
@Table(name = "security_group")
public class SecurityGroup extends PanacheEntityBase {
    public static final String DEFAULT_NAME = "default";

    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "vpc_id")
    public String vpcId;
    @Column(name = "group_name")
    public String groupName;
    public String description;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "created_at")
    public Instant createdAt;
}
