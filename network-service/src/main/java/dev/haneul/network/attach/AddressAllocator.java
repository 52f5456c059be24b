package dev.haneul.network.attach;

import dev.haneul.network.common.Sql;
import dev.haneul.network.config.NetworkConfig;
import dev.haneul.network.ipam.AddressBlock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Hands out private addresses of a subnet and public addresses of the pool. The database's unique keys
 * decide: each address is claimed with {@code INSERT IGNORE}; when another transaction got it first the
 * claim inserts nothing and the next free address is tried. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class AddressAllocator {
    public static final String AUTO = "auto";

    private final AddressBlock publicPool;

    public AddressAllocator(NetworkConfig config) {
        this.publicPool = AddressBlock.pool(config.publicIpPool());
    }

    /** A private address of {@code subnetCidr} for the interface: {@code requested} when free, else the lowest. */
    public Uni<Optional<String>> claimPrivate(String subnetId, String subnetCidr, String requested, String eniId) {
        return Sql.<String>column("SELECT ip FROM private_ip WHERE subnet_id = :s", Map.of("s", subnetId))
                .chain(taken -> claim(AddressBlock.subnet(subnetCidr), requested, new HashSet<>(taken),
                        ip -> Sql.update("INSERT IGNORE INTO private_ip (subnet_id, ip, network_interface_id, "
                                + "allocated_at) VALUES (:s, :ip, :e, NOW(6))",
                                Map.of("s", subnetId, "ip", ip, "e", eniId))));
    }

    /** An auto-assigned public address of the pool for the interface, or empty when the pool is exhausted. */
    public Uni<Optional<String>> claimPublic(String accountId, String eniId, String instanceId) {
        return Sql.<String>column("SELECT ip FROM public_ip", Map.of())
                .chain(taken -> claim(publicPool, null, new HashSet<>(taken),
                        ip -> Sql.update("INSERT IGNORE INTO public_ip (ip, account_id, kind, network_interface_id, "
                                + "instance_id, assigned_at) VALUES (:ip, :a, :k, :e, :i, NOW(6))",
                                Map.of("ip", ip, "a", accountId, "k", AUTO, "e", eniId, "i", instanceId))));
    }

    /** Frees the interface's private address(es). */
    public Uni<Integer> releasePrivate(String eniId) {
        return Sql.update("DELETE FROM private_ip WHERE network_interface_id = :e", Map.of("e", eniId));
    }

    /** Frees the interface's auto-assigned public address. */
    public Uni<Integer> releasePublic(String eniId) {
        return Sql.update("DELETE FROM public_ip WHERE network_interface_id = :e AND kind = :k",
                Map.of("e", eniId, "k", AUTO));
    }

    private static Uni<Optional<String>> claim(AddressBlock block, String requested, Set<String> taken,
            Function<String, Uni<Integer>> insert) {
        Optional<String> pick = block.pick(requested, taken);
        if (pick.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String ip = pick.get();
        return insert.apply(ip).chain(rows -> {
            if (rows == 1) {
                return Uni.createFrom().item(Optional.of(ip));
            }
            taken.add(ip);
            return claim(block, requested, taken, insert);
        });
    }
}
