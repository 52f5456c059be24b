package dev.haneul.network.audit;

import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.audit.api.AuditView;
import dev.haneul.network.audit.api.AuditView.Holding;
import dev.haneul.network.audit.api.AuditView.InstanceHoldings;
import dev.haneul.network.audit.api.AuditView.Violation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the consistency audit asks of network-service: the instances' interfaces (one per instance, a page
 * of at most 1,000 by instance id) with their private and public addresses, and, on the first page, the address
 * invariants — no private address on two interfaces of a subnet, every interface's private address reserved for
 * it in {@code private_ip} (else it could be handed out again), no reserved private address of an interface that
 * is gone, every interface's public address held for it in {@code public_ip}. Each check is one statement and
 * reports at most {@link #MAX_VIOLATIONS}. Reads only.
 */
@ApplicationScoped
public class InterfaceAudit {
    static final int MAX_VIOLATIONS = 100;

    private static final String PAGE = "SELECT n.instance_id, n.id, n.subnet_id, n.private_ip_address,"
            + " n.public_ip_address, n.running, p.kind FROM network_interface n"
            + " LEFT JOIN public_ip p ON p.ip = n.public_ip_address"
            + " WHERE n.instance_id IS NOT NULL AND n.instance_id > ? ORDER BY n.instance_id LIMIT ?";

    private static final String TWICE = "SELECT subnet_id, private_ip_address, GROUP_CONCAT(id ORDER BY id) AS ids"
            + " FROM network_interface GROUP BY subnet_id, private_ip_address HAVING COUNT(*) > 1"
            + " ORDER BY subnet_id, private_ip_address LIMIT " + MAX_VIOLATIONS;

    private static final String UNRESERVED = "SELECT n.id, n.subnet_id, n.private_ip_address, p.network_interface_id"
            + " AS holder FROM network_interface n LEFT JOIN private_ip p ON p.subnet_id = n.subnet_id"
            + " AND p.ip = n.private_ip_address WHERE p.ip IS NULL OR p.network_interface_id <> n.id"
            + " ORDER BY n.id LIMIT " + MAX_VIOLATIONS;

    private static final String LEAKED = "SELECT p.subnet_id, p.ip, p.network_interface_id FROM private_ip p"
            + " LEFT JOIN network_interface n ON n.id = p.network_interface_id WHERE n.id IS NULL"
            + " ORDER BY p.subnet_id, p.ip LIMIT " + MAX_VIOLATIONS;

    private static final String PUBLIC = "SELECT n.id, n.public_ip_address, p.network_interface_id AS holder"
            + " FROM network_interface n LEFT JOIN public_ip p ON p.ip = n.public_ip_address"
            + " WHERE n.public_ip_address IS NOT NULL AND (p.ip IS NULL OR p.network_interface_id IS NULL"
            + " OR p.network_interface_id <> n.id) ORDER BY n.id LIMIT " + MAX_VIOLATIONS;

    private final Pool pool;

    public InterfaceAudit(Pool pool) {
        this.pool = pool;
    }

    public Uni<AuditView> page(PageRequest paging) {
        String after = paging.first() ? "" : paging.after(0);
        Uni<Page<InstanceHoldings>> instances = pool.preparedQuery(PAGE)
                .execute(Tuple.of(after, paging.fetchSize()))
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return paging.pageById(list, r -> r.getString("instance_id"), InterfaceAudit::holdings);
                });
        Uni<List<Violation>> violations = paging.first() ? violations() : Uni.createFrom().item(List.of());
        return instances.chain(page -> violations.map(v -> new AuditView("network", page.items(), v,
                page.nextToken())));
    }

    private static InstanceHoldings holdings(Row r) {
        List<Holding> holds = new ArrayList<>();
        holds.add(new Holding("interface", r.getString("id"), "private IP " + r.getString("private_ip_address")
                + " in " + r.getString("subnet_id") + (r.getBoolean("running") ? "" : " (instance stopped)")));
        String publicIp = r.getString("public_ip_address");
        if (publicIp != null) {
            String kind = r.getString("kind");
            holds.add(new Holding("public-ip", publicIp, kind == null ? "unknown" : kind));
        }
        return new InstanceHoldings(r.getString("instance_id"), holds);
    }

    private Uni<List<Violation>> violations() {
        List<Violation> out = new ArrayList<>();
        return pool.query(TWICE).execute().invoke(rows -> rows.forEach(r -> out.add(new Violation(
                        "AddressUsedTwice", r.getString("subnet_id") + " " + r.getString("private_ip_address"),
                        "the private address is on interfaces " + r.getString("ids")))))
                .chain(() -> pool.query(UNRESERVED).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("AddressNotReserved", r.getString("id"), "its private address "
                                + r.getString("private_ip_address") + " in " + r.getString("subnet_id")
                                + (r.getString("holder") == null ? " is not reserved"
                                        : " is reserved for " + r.getString("holder"))))))
                .chain(() -> pool.query(LEAKED).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("AddressLeaked", r.getString("subnet_id") + " " + r.getString("ip"),
                                "reserved for interface " + r.getString("network_interface_id")
                                        + ", which does not exist"))))
                .chain(() -> pool.query(PUBLIC).execute()).invoke(rows -> rows.forEach(r -> out.add(
                        new Violation("PublicAddressNotHeld", r.getString("id"), "its public address "
                                + r.getString("public_ip_address") + (r.getString("holder") == null
                                        ? " is not held for it" : " is held for " + r.getString("holder"))))))
                .map(x -> out.size() > MAX_VIOLATIONS ? List.copyOf(out.subList(0, MAX_VIOLATIONS)) : out);
    }
}
