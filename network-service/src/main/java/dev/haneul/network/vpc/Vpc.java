package dev.haneul.network.vpc;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A VPC of one account: an IPv4 block (/16–/28) that its subnets divide. */
@Entity
@Table(name = "vpc")
public class Vpc extends PanacheEntityBase {
    public static final String DEFAULT_CIDR = "172.31.0.0/16";

    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "cidr_block")
    public String cidrBlock;
    @Column(name = "is_default")
    public boolean isDefault;
    /** The account id when this is the account's default VPC, else null (unique: one default per account). */
    @Column(name = "default_owner")
    public String defaultOwner;
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;
}
