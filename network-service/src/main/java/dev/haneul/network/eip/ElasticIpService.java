package dev.haneul.network.eip;

import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.eip.api.AssociateAddressRequest;
import dev.haneul.network.eip.api.ElasticIpView;
import dev.haneul.network.eni.NetworkInterface;
import dev.haneul.network.ipam.AddressAllocator;
import dev.haneul.network.quota.Quota;
import dev.haneul.network.quota.Quotas;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Elastic IPs with EC2's rules: at most {@code haneul.network.quota.elastic-ips} per account (or its override)
 * ({@code AddressLimitExceeded}); associated with one instance at a time ({@code Resource.AlreadyAssociated}
 * unless reassociation is allowed) in a VPC with an internet gateway ({@code Gateway.NotAttached}); never
 * released while associated ({@code InvalidIPAddress.InUse}). Every change first takes the account's lock,
 * then the elastic IP's row, then the interface's.
 */
@ApplicationScoped
public class ElasticIpService {
    static final String ID = "InvalidAllocationID";

    private final AddressAllocator addresses;
    private final ElasticAssociations associations;
    private final Outbox outbox;
    private final Clock clock;
    private final Quotas quotas;

    public ElasticIpService(AddressAllocator addresses, ElasticAssociations associations, Outbox outbox, Clock clock,
            Quotas quotas) {
        this.addresses = addresses;
        this.associations = associations;
        this.outbox = outbox;
        this.clock = clock;
        this.quotas = quotas;
    }

    public Uni<Page<ElasticIpView>> list(String accountId, String instanceId, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("allocationId", "accountId", accountId, "kind", AddressAllocator.ELASTIC,
                "instanceId", instanceId);
        return Panache.withSession(() -> PublicIp.<PublicIp>find(k.query(), k.params()).range(0, paging.limit()).list()
                .chain(rows -> views(rows).map(v -> paging.pageById(v, ElasticIpView::allocationId, x -> x))));
    }

    public Uni<ElasticIpView> get(String accountId, String allocationId) {
        IdChecks.wellFormed("eipalloc", allocationId, ID, "allocation");
        return Panache.withSession(() -> find(accountId, allocationId, false).chain(this::view));
    }

    public Uni<ElasticIpView> allocate(String accountId) {
        String allocationId = Ids.newId("eipalloc");
        return AccountLock.inTransaction(accountId, () -> quotas.check(accountId, Quota.ELASTIC_IPS, 1)
                .chain(() -> addresses.claimElastic(accountId, allocationId))
                .map(ip -> {
                    if (ip.isEmpty()) {
                        throw ApiException.badRequest("InsufficientAddressCapacity",
                                "There are not enough free public addresses to satisfy the request.");
                    }
                    return ip;
                })).chain(() -> get(accountId, allocationId));
    }

    public Uni<ElasticIpView> associate(String accountId, String allocationId, AssociateAddressRequest r) {
        IdChecks.wellFormed("eipalloc", allocationId, ID, "allocation");
        if (r.instanceId() == null && r.networkInterfaceId() == null) {
            throw ApiException.badRequest("MissingParameter",
                    "Either instanceId or networkInterfaceId must be specified.");
        }
        if (r.instanceId() != null && r.networkInterfaceId() != null) {
            throw ApiException.badRequest("InvalidParameterCombination",
                    "Only one of instanceId and networkInterfaceId may be specified.");
        }
        if (r.instanceId() != null) {
            IdChecks.wellFormed("i", r.instanceId(), "InvalidInstanceID", "instance");
        } else {
            IdChecks.wellFormed("eni", r.networkInterfaceId(), "InvalidNetworkInterfaceID", "network interface");
        }
        boolean reassociate = Boolean.TRUE.equals(r.allowReassociation());
        return AccountLock.inTransaction(accountId, () -> find(accountId, allocationId, true)
                .chain(eip -> target(accountId, r).chain(eni -> gatewayOf(eni)
                        .chain(() -> {
                            if (eni.id.equals(eip.networkInterfaceId)) {
                                return Uni.createFrom().voidItem(); // already there
                            }
                            if (eip.networkInterfaceId == null) {
                                return associations.associate(eip, eni);
                            }
                            if (!reassociate) {
                                throw ApiException.conflict("Resource.AlreadyAssociated", "resource " + allocationId
                                        + " is already associated with associate-id " + eip.associationId);
                            }
                            return NetworkInterface.<NetworkInterface>find("id", eip.networkInterfaceId)
                                    .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                                    .chain(old -> associations.disassociate(eip, old, true))
                                    .chain(() -> associations.associate(eip, eni));
                        }))))
                .chain(() -> get(accountId, allocationId));
    }

    public Uni<ElasticIpView> disassociate(String accountId, String allocationId) {
        IdChecks.wellFormed("eipalloc", allocationId, ID, "allocation");
        return AccountLock.inTransaction(accountId, () -> find(accountId, allocationId, true)
                .chain(eip -> {
                    if (eip.networkInterfaceId == null) {
                        throw ApiException.notFound("InvalidAssociationID.NotFound", "The elastic IP '"
                                + allocationId + "' is not associated.");
                    }
                    return NetworkInterface.<NetworkInterface>find("id", eip.networkInterfaceId)
                            .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                            .chain(eni -> associations.disassociate(eip, eni, true));
                }))
                .chain(() -> get(accountId, allocationId));
    }

    public Uni<Void> release(String accountId, String allocationId) {
        IdChecks.wellFormed("eipalloc", allocationId, ID, "allocation");
        return AccountLock.inTransaction(accountId, () -> find(accountId, allocationId, true)
                .chain(eip -> {
                    if (eip.networkInterfaceId != null) {
                        throw ApiException.conflict("InvalidIPAddress.InUse", "Address " + eip.ip
                                + " is in use (associated with " + eip.instanceId + ").");
                    }
                    return eip.delete().chain(() -> outbox.publish(new PublicIpReleased(accountId, allocationId,
                            eip.ip, AddressAllocator.ELASTIC, allocationId, null, clock.instant())));
                }));
    }

    /** The interface to associate with, locked: the instance's or the named one, of the account. */
    private static Uni<NetworkInterface> target(String accountId, AssociateAddressRequest r) {
        if (r.instanceId() != null) {
            return NetworkInterface.<NetworkInterface>find("instanceId = ?1 and accountId = ?2", r.instanceId(),
                    accountId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult().map(eni -> {
                        if (eni == null) {
                            throw IdChecks.notFound("InvalidInstanceID", "instance", r.instanceId());
                        }
                        return eni;
                    });
        }
        return NetworkInterface.<NetworkInterface>find("id = ?1 and accountId = ?2", r.networkInterfaceId(),
                accountId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult().map(eni -> {
                    if (eni == null) {
                        throw IdChecks.notFound("InvalidNetworkInterfaceID", "network interface",
                                r.networkInterfaceId());
                    }
                    return eni;
                });
    }

    /**
     * 400 {@code Gateway.NotAttached} unless the interface's VPC has an internet gateway; the gateway row is read
     * in share mode, so a detach waits for this association and then sees it.
     */
    private static Uni<Void> gatewayOf(NetworkInterface eni) {
        return Sql.<String>column("SELECT id FROM internet_gateway WHERE vpc_id = :v LOCK IN SHARE MODE",
                Map.of("v", eni.vpcId)).map(ids -> {
                    if (ids.isEmpty()) {
                        throw ApiException.badRequest("Gateway.NotAttached", "Network " + eni.vpcId
                                + " is not attached to any internet gateway");
                    }
                    return null;
                });
    }

    /** The account's elastic IP (locked when {@code forUpdate}), or 404; must run in a session. */
    private static Uni<PublicIp> find(String accountId, String allocationId, boolean forUpdate) {
        var query = PublicIp.<PublicIp>find("allocationId = ?1 and accountId = ?2 and kind = ?3", allocationId,
                accountId, AddressAllocator.ELASTIC);
        return (forUpdate ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult().map(eip -> {
            if (eip == null) {
                throw ApiException.notFound(ID + ".NotFound", "The allocation ID '" + allocationId
                        + "' does not exist");
            }
            return eip;
        });
    }

    private Uni<ElasticIpView> view(PublicIp eip) {
        return views(List.of(eip)).map(v -> v.get(0));
    }

    private static Uni<List<ElasticIpView>> views(List<PublicIp> rows) {
        List<String> enis = rows.stream().map(r -> r.networkInterfaceId).filter(id -> id != null).toList();
        Uni<Map<String, String>> privateIps = enis.isEmpty() ? Uni.createFrom().item(Map.of())
                : NetworkInterface.<NetworkInterface>list("id in ?1", enis)
                        .map(l -> l.stream().collect(Collectors.toMap(n -> n.id, n -> n.privateIpAddress)));
        return privateIps.map(ips -> rows.stream().map(r -> new ElasticIpView(r.allocationId, r.ip, "vpc",
                r.accountId, r.associationId, r.instanceId, r.networkInterfaceId,
                r.networkInterfaceId == null ? null : ips.get(r.networkInterfaceId))).toList());
    }
}
