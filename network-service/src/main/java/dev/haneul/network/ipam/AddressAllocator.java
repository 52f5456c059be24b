package dev.haneul.network.ipam;

import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.kit.Ids;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.common.Sql;
import dev.haneul.network.config.NetworkConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Hands out private addresses of a subnet and public addresses of the pool. The database's unique keys
 * decide: each address is claimed with {@code INSERT IGNORE}; when another transaction got it first the
 * claim inserts nothing and the next free address is tried. Every public address held is a lease, published
 * as {@link PublicIpAcquired} when claimed and {@link PublicIpReleased} when its row is deleted (once: only one
 * transaction can delete a row). Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class AddressAllocator {
    public static final String AUTO = "auto";
    public static final String ELASTIC = "elastic";

    private final AddressBlock publicPool;
    private final Outbox outbox;
    private final Clock clock;

    public AddressAllocator(NetworkConfig config, Outbox outbox, Clock clock) {
        this.publicPool = AddressBlock.pool(config.publicIpPool());
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The lowest free private address of {@code subnetCidr} for the interface, or empty when the subnet is full. */
    public Uni<Optional<String>> claimPrivate(String subnetId, String subnetCidr, String eniId) {
        return Sql.<String>column("SELECT ip FROM private_ip WHERE subnet_id = :s", Map.of("s", subnetId))
                .chain(taken -> claim(AddressBlock.subnet(subnetCidr), new HashSet<>(taken),
                        ip -> insertPrivate(subnetId, ip, eniId)));
    }

    /**
     * The private address the launch asked for ({@code ip}, canonical and assignable in the subnet) for the
     * interface; false when another interface holds it (never another address instead, as EC2).
     */
    public Uni<Boolean> claimRequestedPrivate(String subnetId, String ip, String eniId) {
        return insertPrivate(subnetId, ip, eniId).map(rows -> rows == 1);
    }

    private static Uni<Integer> insertPrivate(String subnetId, String ip, String eniId) {
        return Sql.update("INSERT IGNORE INTO private_ip (subnet_id, ip, network_interface_id, allocated_at) "
                + "VALUES (:s, :ip, :e, NOW(6))", Map.of("s", subnetId, "ip", ip, "e", eniId));
    }

    /** An auto-assigned public address (a new lease) for the interface, or empty when the pool is exhausted. */
    public Uni<Optional<String>> claimAuto(String accountId, String eniId, String instanceId) {
        String leaseId = Ids.newId("lease");
        return claimPublic(accountId, AUTO, leaseId, null, eniId, instanceId)
                .call(ip -> ip.isEmpty() ? Uni.createFrom().voidItem()
                        : outbox.publish(new PublicIpAcquired(accountId, leaseId, ip.get(), AUTO, null, instanceId,
                                clock.instant())));
    }

    /** A public address for a new elastic IP (lease id = allocation id), or empty when the pool is exhausted. */
    public Uni<Optional<String>> claimElastic(String accountId, String allocationId) {
        return claimPublic(accountId, ELASTIC, allocationId, allocationId, null, null)
                .call(ip -> ip.isEmpty() ? Uni.createFrom().voidItem()
                        : outbox.publish(new PublicIpAcquired(accountId, allocationId, ip.get(), ELASTIC,
                                allocationId, null, clock.instant())));
    }

    private Uni<Optional<String>> claimPublic(String accountId, String kind, String leaseId, String allocationId,
            String eniId, String instanceId) {
        return Sql.<String>column("SELECT ip FROM public_ip", Map.of())
                .chain(taken -> claim(publicPool, new HashSet<>(taken), ip -> {
                    Map<String, Object> p = new HashMap<>();
                    p.put("ip", ip);
                    p.put("a", accountId);
                    p.put("k", kind);
                    p.put("e", eniId);
                    p.put("i", instanceId);
                    p.put("l", leaseId);
                    p.put("al", allocationId);
                    return Sql.update("INSERT IGNORE INTO public_ip (ip, account_id, kind, network_interface_id, "
                            + "instance_id, assigned_at, lease_id, allocation_id) "
                            + "VALUES (:ip, :a, :k, :e, :i, NOW(6), :l, :al)", p);
                }));
    }

    /** Frees the interface's private address(es). */
    public Uni<Integer> releasePrivate(String eniId) {
        return Sql.update("DELETE FROM private_ip WHERE network_interface_id = :e", Map.of("e", eniId));
    }

    /**
     * Ends the interface's auto-assigned public address lease, if it has one (the caller holds the interface's
     * row lock); true when there was one.
     */
    public Uni<Boolean> releaseAuto(String eniId) {
        return Sql.rows("SELECT ip, lease_id, account_id, instance_id FROM public_ip WHERE network_interface_id = :e "
                + "AND kind = :k FOR UPDATE", Map.of("e", eniId, "k", AUTO)).chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] r : rows) {
                        chain = chain.chain(() -> Sql.update("DELETE FROM public_ip WHERE ip = :ip AND lease_id = :l",
                                Map.of("ip", r[0], "l", r[1]))).chain(n -> n == 0 ? Uni.createFrom().voidItem()
                                        : outbox.publish(new PublicIpReleased((String) r[2], (String) r[1],
                                                (String) r[0], AUTO, null, (String) r[3], clock.instant())));
                    }
                    return chain.replaceWith(!rows.isEmpty());
                });
    }

    private static Uni<Optional<String>> claim(AddressBlock block, Set<String> taken,
            Function<String, Uni<Integer>> insert) {
        Optional<String> pick = block.lowestFree(taken);
        if (pick.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String ip = pick.get();
        return insert.apply(ip).chain(rows -> {
            if (rows == 1) {
                return Uni.createFrom().item(Optional.of(ip));
            }
            taken.add(ip);
            return claim(block, taken, insert);
        });
    }
}
