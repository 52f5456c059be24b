package dev.haneul.network.eip;

import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.ElasticIpDisassociated;
import dev.haneul.kit.Ids;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.eni.NetworkInterface;
import dev.haneul.network.ipam.AddressAllocator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;

/**
 * Associates elastic IPs with interfaces and takes them off again, publishing ElasticIpAssociated /
 * ElasticIpDisassociated. The interface's {@code publicIpAddress} is always its elastic IP while one is
 * associated, else its auto-assigned address, else null. Runs in the caller's transaction, which holds the
 * interface's row lock.
 */
@ApplicationScoped
public class ElasticAssociations {
    private final AddressAllocator addresses;
    private final Outbox outbox;
    private final Clock clock;

    public ElasticAssociations(AddressAllocator addresses, Outbox outbox, Clock clock) {
        this.addresses = addresses;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The elastic IP associated with the interface, locked, or null. */
    public Uni<PublicIp> of(String eniId) {
        return PublicIp.<PublicIp>find("networkInterfaceId = ?1 and kind = ?2", eniId, AddressAllocator.ELASTIC)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Maps the elastic IP to the interface: the interface's auto-assigned address (if any) is released and an
     * elastic IP it had before is taken off.
     */
    public Uni<Void> associate(PublicIp eip, NetworkInterface eni) {
        return of(eni.id)
                .chain(previous -> previous == null || previous.ip.equals(eip.ip) ? Uni.createFrom().voidItem()
                        : disassociate(previous, eni, false))
                .chain(() -> addresses.releaseAuto(eni.id))
                .chain(() -> {
                    eip.networkInterfaceId = eni.id;
                    eip.instanceId = eni.instanceId;
                    eip.associationId = Ids.newId("eipassoc");
                    eni.publicIpAddress = eip.ip;
                    return outbox.publish(new ElasticIpAssociated(eip.accountId, eip.allocationId, eip.associationId,
                            eip.ip, eni.instanceId, eni.id, eni.privateIpAddress, clock.instant()));
                });
    }

    /**
     * Takes the elastic IP off the interface ({@code eni} may be null when it no longer exists). With
     * {@code replaceWithAuto}, a running instance that was launched with a public IP gets a new auto-assigned one,
     * as in EC2.
     */
    public Uni<Void> disassociate(PublicIp eip, NetworkInterface eni, boolean replaceWithAuto) {
        String associationId = eip.associationId;
        String instanceId = eip.instanceId;
        eip.networkInterfaceId = null;
        eip.instanceId = null;
        eip.associationId = null;
        Uni<Void> published = outbox.publish(new ElasticIpDisassociated(eip.accountId, eip.allocationId,
                associationId, eip.ip, instanceId, clock.instant()));
        if (eni == null || !eip.ip.equals(eni.publicIpAddress)) {
            return published;
        }
        eni.publicIpAddress = null;
        if (!replaceWithAuto || !eni.wantsPublicIp || !eni.running) {
            return published;
        }
        return published.chain(() -> addresses.claimAuto(eni.accountId, eni.id, eni.instanceId))
                .invoke(ip -> ip.ifPresent(a -> eni.publicIpAddress = a)).replaceWithVoid();
    }
}
