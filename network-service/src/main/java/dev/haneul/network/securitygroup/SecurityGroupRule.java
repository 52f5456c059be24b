package dev.haneul.network.securitygroup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One allow rule of a group: a protocol, a port range and one source (a CIDR or another group). */
@Entity
@Table(name = "security_group_rule")
public class SecurityGroupRule extends PanacheEntityBase {
    public static final String INGRESS = "ingress";
    public static final String EGRESS = "egress";

    @Id
    public String id;
    @Column(name = "group_id")
    public String groupId;
    public String direction;
    @Column(name = "ip_protocol")
    public String ipProtocol;
    @Column(name = "from_port")
    public Integer fromPort;
    @Column(name = "to_port")
    public Integer toPort;
    @Column(name = "cidr_ipv4")
    public String cidrIpv4;
    @Column(name = "referenced_group_id")
    public String referencedGroupId;
    public String description;
    @Column(name = "rule_key")
    public String ruleKey;

    /** The rule's identity: protocol, ports and source, normalised. */
    public static String key(String protocol, Integer from, Integer to, String cidr, String groupId) {
        return protocol + "|" + from + "|" + to + "|" + (cidr != null ? cidr : groupId);
    }
}
