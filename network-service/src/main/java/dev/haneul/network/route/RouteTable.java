package dev.haneul.network.route;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A route table ({@code rtb-…}) of a VPC; the VPC's main table serves every subnet without an association. */
@Entity
@Table(name = "route_table")
public class RouteTable extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "vpc_id")
    public String vpcId;
    /** The VPC id when this is its main table, else null (unique: one main table per VPC). */
    @Column(name = "main_of")
    public String mainOf;
    /** The id of the main association ({@code rtbassoc-…}) while main. */
    @Column(name = "main_association_id")
    public String mainAssociationId;
    @Column(name = "created_at")
    public Instant createdAt;

    public boolean isMain() {
        return mainOf != null;
    }
}
