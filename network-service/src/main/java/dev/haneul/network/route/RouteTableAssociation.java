package dev.haneul.network.route;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An explicit association of a subnet with a route table ({@code rtbassoc-…}); at most one per subnet. */
@Entity
@Table(name = "route_table_association")
public class RouteTableAssociation extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "route_table_id")
    public String routeTableId;
    @Column(name = "subnet_id")
    public String subnetId;
}
