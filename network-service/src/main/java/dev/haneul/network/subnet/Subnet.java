package dev.haneul.network.subnet;

import dev.haneul.network.ipam.AddressBlock;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A subnet: part of a VPC's block in one availability zone, from which instances get private addresses. */
@Entity
@Table(name = "subnet")
public class Subnet extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "vpc_id")
    public String vpcId;
    @Column(name = "cidr_block")
    public String cidrBlock;
    @Column(name = "availability_zone")
    public String availabilityZone;
    @Column(name = "map_public_ip_on_launch")
    public boolean mapPublicIpOnLaunch;
    @Column(name = "default_for_az")
    public boolean defaultForAz;
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;

    public AddressBlock block() {
        return AddressBlock.subnet(cidrBlock);
    }
}
