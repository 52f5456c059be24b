package dev.haneul.compute.address;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.ElasticIpDisassociated;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps an instance's public IP as network-service reports it on {@code network-events}: an auto-assigned
 * address (PublicIpAcquired / PublicIpReleased of kind auto) and elastic IPs (ElasticIpAssociated /
 * ElasticIpDisassociated). The interface's groups and rules are {@code InterfaceCopy}'s.
 *
 * <p>Events of different leases are keyed differently and may arrive in any order, so every lease and
 * association is remembered (a released one as a tombstone) and the rules only ever look at that set: an
 * acquired address is shown unless an elastic IP is associated (an elastic IP wins); a released address is
 * taken away only if it is the one shown, and the next best remaining one (elastic first, then the newest
 * auto address) takes its place. The elastic IP is also kept apart, so a stop keeps it (EC2: an elastic IP
 * stays across stop and start; the auto-assigned one goes).
 */
@ApplicationScoped
public class PublicAddresses {

    public Uni<Void> onNetworkEvent(Envelope envelope) {
        HaneulEvent e = envelope.data();
        if (e instanceof PublicIpAcquired a && "auto".equals(a.kind()) && a.instanceId() != null) {
            return record(a.instanceId(), a.leaseId(), a.publicIp(), "auto", true, a.at());
        } else if (e instanceof PublicIpReleased r && "auto".equals(r.kind()) && r.instanceId() != null) {
            return record(r.instanceId(), r.leaseId(), r.publicIp(), "auto", false, r.at());
        } else if (e instanceof ElasticIpAssociated x && x.instanceId() != null) {
            return record(x.instanceId(), associationKey(x.associationId(), x.allocationId(), x.instanceId()),
                    x.publicIp(), "elastic", true, x.at());
        } else if (e instanceof ElasticIpDisassociated x && x.instanceId() != null) {
            return record(x.instanceId(), associationKey(x.associationId(), x.allocationId(), x.instanceId()),
                    x.publicIp(), "elastic", false, x.at());
        }
        return Uni.createFrom().voidItem();
    }

    private static String associationKey(String associationId, String allocationId, String instanceId) {
        return "eip:" + (associationId != null ? associationId : allocationId + ":" + instanceId);
    }

    private Uni<Void> record(String instanceId, String addressId, String ip, String kind, boolean acquired,
            Instant at) {
        return Instance.<Instance>findById(instanceId).chain(i -> {
            if (i == null) {
                return Uni.createFrom().voidItem();
            }
            return InstanceAddress.<InstanceAddress>findById(addressId).chain(row -> {
                Uni<Void> saved;
                if (row == null) {
                    InstanceAddress a = new InstanceAddress();
                    a.addressId = addressId;
                    a.instanceId = instanceId;
                    a.publicIp = ip;
                    a.kind = kind;
                    a.active = acquired;
                    a.eventAt = at;
                    saved = a.persist().replaceWithVoid();
                } else {
                    if (!acquired) {
                        row.active = false; // a tombstone stays a tombstone; an active one is released
                    }
                    saved = Uni.createFrom().voidItem();
                }
                return saved.chain(() -> Panache.getSession()).chain(s -> s.flush())
                        .chain(() -> InstanceAddress.<InstanceAddress>list("instanceId = ?1 and active = true",
                                instanceId))
                        .map(active -> {
                            apply(i, active, ip, acquired);
                            return null;
                        });
            });
        }).replaceWithVoid();
    }

    /** The rule, on the instance: what it shows after an address {@code ip} was acquired or released. */
    public static void apply(Instance i, List<InstanceAddress> active, String ip, boolean acquired) {
        String elastic = newest(active, "elastic");
        i.elasticIpAddress = elastic;
        if (i.state == InstanceState.TERMINATED) {
            return;
        }
        boolean autoApplies = i.state == InstanceState.PENDING || i.state == InstanceState.RUNNING
                || i.state == InstanceState.STOPPING;
        String best = elastic != null ? elastic : autoApplies ? newest(active, "auto") : null;
        if (acquired) {
            if (best != null) {
                i.publicIpAddress = best;
            }
        } else if (ip.equals(i.publicIpAddress)) {
            i.publicIpAddress = best;
        }
    }

    private static String newest(List<InstanceAddress> active, String kind) {
        return active.stream().filter(a -> a.kind.equals(kind))
                .max(Comparator.comparing((InstanceAddress a) -> a.eventAt).thenComparing(a -> a.addressId))
                .map(a -> a.publicIp).orElse(null);
    }
}
