package dev.haneul.network.eni;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An instance's network interface ({@code eni-…}): its subnet, private and public address and security groups. */
@Entity
@Table(name = "network_interface")
public class NetworkInterface extends PanacheEntityBase {
    /** At most this many security groups per interface (EC2's default). */
    public static final int GROUP_LIMIT = 5;

    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "vpc_id")
    public String vpcId;
    @Column(name = "subnet_id")
    public String subnetId;
    @Column(name = "availability_zone")
    public String availabilityZone;
    @Column(name = "private_ip_address")
    public String privateIpAddress;
    @Column(name = "public_ip_address")
    public String publicIpAddress;
    /** Whether the launch asked for (or the subnet mapped) an auto-assigned public address: re-given on start. */
    @Column(name = "wants_public_ip")
    public boolean wantsPublicIp;
    @Column(name = "mac_address")
    public String macAddress;
    @Column(name = "security_group_ids")
    public String securityGroupIdList;
    /** How many times the rules that apply to it changed (see InterfaceRulesChanged). */
    @Column(name = "rules_version")
    public long rulesVersion;
    /** False from the instance's stop to its next start. */
    public boolean running;
    /** The launch attempt the interface was last attached for. */
    public int attempt;
    @Column(name = "created_at")
    public Instant createdAt;

    public List<String> securityGroupIds() {
        return securityGroupIdList == null || securityGroupIdList.isEmpty() ? List.of()
                : Arrays.asList(securityGroupIdList.split(","));
    }

    public void securityGroupIds(List<String> ids) {
        securityGroupIdList = ids == null ? "" : String.join(",", ids);
    }
}
