package dev.haneul.network.attach;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.Ids;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.eip.ElasticAssociations;
import dev.haneul.network.eni.NetworkInterface;
import dev.haneul.network.ipam.AddressAllocator;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.securitygroup.InterfaceRules;
import dev.haneul.network.subnet.Subnet;
import dev.haneul.network.vpc.DefaultVpcProvisioner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The network side of the instance saga: on a launch, an interface with a private (and maybe public)
 * address; on a start, the same interface again with a new auto-assigned public address unless an elastic IP is
 * associated (it stays across stop and start); on a stop, the auto-assigned address goes back to the pool; on
 * termination, everything goes (an elastic IP is disassociated and stays the account's). Runs inside the consumed
 * event's transaction.
 */
@ApplicationScoped
public class InstanceNetworkService {
    static final String NO_FREE_ADDRESSES = "InsufficientFreeAddressesInSubnet";
    static final String NO_PUBLIC_ADDRESSES = "InsufficientAddressCapacity";
    static final String INVALID_ADDRESS = "InvalidParameterValue";
    static final String ADDRESS_IN_USE = "InvalidIPAddress.InUse";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DefaultVpcProvisioner provisioner;
    private final AddressAllocator addresses;
    private final InterfaceGroups groups;
    private final ElasticAssociations elastic;
    private final Outbox outbox;
    private final Clock clock;

    public InstanceNetworkService(DefaultVpcProvisioner provisioner, AddressAllocator addresses,
            InterfaceGroups groups, ElasticAssociations elastic, Outbox outbox, Clock clock) {
        this.provisioner = provisioner;
        this.addresses = addresses;
        this.groups = groups;
        this.elastic = elastic;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<Void> onRequested(InstanceRequested r) {
        // the default VPC statement comes first in the transaction, before any read (see ensureDefault)
        Uni<Void> ready = r.subnetId() == null ? provisioner.ensureDefault(r.accountId())
                : Uni.createFrom().voidItem();
        // a first launch only creates; a start (or a redelivered launch) changes the interface under its lock
        return ready.chain(() -> r.attempt() == 0 && !r.restart() ? byInstance(r.instanceId()) : locked(r.instanceId()))
                .chain(eni -> eni == null ? attachNew(r) : reattach(eni, r));
    }

    public Uni<Void> onStopped(InstanceStopped s) {
        return locked(s.instanceId()).chain(eni -> {
            if (eni == null || s.attempt() < eni.attempt) {
                return Uni.createFrom().voidItem();
            }
            eni.running = false;
            // an elastic IP stays; only the auto-assigned address goes back to the pool
            return addresses.releaseAuto(eni.id).invoke(released -> {
                if (released) {
                    eni.publicIpAddress = null;
                }
            }).replaceWithVoid();
        });
    }

    public Uni<Void> onTerminated(InstanceTerminated t) {
        return locked(t.instanceId()).chain(eni -> eni == null ? Uni.createFrom().voidItem()
                : addresses.releasePrivate(eni.id)
                        .chain(() -> addresses.releaseAuto(eni.id))
                        .chain(() -> elastic.of(eni.id))
                        .chain(eip -> eip == null ? Uni.createFrom().voidItem() : elastic.disassociate(eip, eni, false))
                        .chain(eni::delete));
    }

    private Uni<Void> attachNew(InstanceRequested r) {
        return resolveSubnet(r).chain(subnet -> {
            if (subnet == null) {
                return fail(r, "InvalidSubnetID.NotFound", r.subnetId() == null
                        ? "No default subnet for availability zone '" + r.availabilityZone() + "'."
                        : "The subnet ID '" + r.subnetId() + "' does not exist");
            }
            return groups.forInterface(r.accountId(), subnet.vpcId, r.securityGroupIds()).chain(g -> g.failed()
                    ? fail(r, g.code(), g.message()) : allocate(r, subnet, g.groupIds()));
        });
    }

    private Uni<Void> allocate(InstanceRequested r, Subnet subnet, List<String> groupIds) {
        String eniId = Ids.newId("eni");
        if (r.privateIpAddress() != null) {
            return allocateRequested(r, subnet, eniId, groupIds);
        }
        return addresses.claimPrivate(subnet.id, subnet.cidrBlock, eniId)
                .chain(ip -> ip.isEmpty() ? fail(r, NO_FREE_ADDRESSES, "There are not enough free addresses in "
                        + "subnet '" + subnet.id + "' to satisfy the requested number of instances.")
                        : create(r, subnet, eniId, ip.get(), groupIds));
    }

    /**
     * The address the launch asked for, or the launch fails, as EC2's RunInstances does: never another address
     * instead. compute-api has refused a malformed one, and one outside or reserved in a subnet it looked up; a
     * launch into the default subnet is checked here only.
     */
    private Uni<Void> allocateRequested(InstanceRequested r, Subnet subnet, String eniId, List<String> groupIds) {
        String asked = r.privateIpAddress();
        Optional<String> ip = AddressBlock.canonicalAddress(asked);
        if (ip.isEmpty() || !AddressBlock.subnet(subnet.cidrBlock).isAssignable(ip.get())) {
            return fail(r, INVALID_ADDRESS, "Address " + asked + " is not an assignable address of subnet '"
                    + subnet.id + "' (" + subnet.cidrBlock + "): it must lie in the subnet and not be one of its "
                    + "first four or its last address.");
        }
        return addresses.claimRequestedPrivate(subnet.id, ip.get(), eniId).chain(claimed -> claimed
                ? create(r, subnet, eniId, ip.get(), groupIds)
                : fail(r, ADDRESS_IN_USE, "Address " + ip.get() + " is in use."));
    }

    private Uni<Void> create(InstanceRequested r, Subnet subnet, String eniId, String privateIp,
            List<String> groupIds) {
        NetworkInterface eni = new NetworkInterface();
        eni.id = eniId;
        eni.accountId = r.accountId();
        eni.instanceId = r.instanceId();
        eni.vpcId = subnet.vpcId;
        eni.subnetId = subnet.id;
        eni.availabilityZone = subnet.availabilityZone;
        eni.privateIpAddress = privateIp;
        eni.wantsPublicIp = r.associatePublicIpAddress() != null ? r.associatePublicIpAddress()
                : subnet.mapPublicIpOnLaunch;
        eni.macAddress = newMac();
        eni.securityGroupIds(groupIds);
        eni.attempt = r.attempt();
        eni.running = true;
        eni.createdAt = clock.instant();
        return assignPublic(eni).chain(ok -> ok ? eni.persist().chain(() -> attached(eni, r))
                : addresses.releasePrivate(eniId).chain(() -> failNoPublic(r)));
    }

    private Uni<Void> reattach(NetworkInterface eni, InstanceRequested r) {
        if (r.attempt() < eni.attempt) {
            return Uni.createFrom().voidItem(); // a late event of an earlier attempt
        }
        eni.attempt = r.attempt();
        eni.running = true;
        return assignPublic(eni).chain(ok -> ok ? attached(eni, r) : failNoPublic(r));
    }

    /** Gives the interface a public address when it wants one and has none; false when the pool is empty. */
    private Uni<Boolean> assignPublic(NetworkInterface eni) {
        if (!eni.wantsPublicIp || eni.publicIpAddress != null) {
            return Uni.createFrom().item(true);
        }
        return addresses.claimAuto(eni.accountId, eni.id, eni.instanceId).map(ip -> {
            ip.ifPresent(a -> eni.publicIpAddress = a);
            return ip.isPresent();
        });
    }

    private Uni<Subnet> resolveSubnet(InstanceRequested r) {
        if (r.subnetId() != null) {
            return Subnet.<Subnet>findById(r.subnetId())
                    .map(s -> s != null && s.accountId.equals(r.accountId()) ? s : null);
        }
        String q = "accountId = ?1 and defaultForAz = true"
                + (r.availabilityZone() == null ? "" : " and availabilityZone = ?2") + " order by availabilityZone";
        Object[] params = r.availabilityZone() == null ? new Object[] { r.accountId() }
                : new Object[] { r.accountId(), r.availabilityZone() };
        return Subnet.<Subnet>find(q, params).firstResult();
    }

    private Uni<NetworkInterface> byInstance(String instanceId) {
        return NetworkInterface.<NetworkInterface>find("instanceId", instanceId).firstResult();
    }

    /** The instance's interface read with its row lock (so elastic IP changes and instance events serialise). */
    private Uni<NetworkInterface> locked(String instanceId) {
        return NetworkInterface.<NetworkInterface>find("instanceId", instanceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    private Uni<Void> attached(NetworkInterface eni, InstanceRequested r) {
        return Subnet.<Subnet>findById(eni.subnetId).chain(subnet -> InterfaceRules.of(eni.securityGroupIds())
                .chain(rules -> outbox.publish(new InstanceNetworkAttached(r.accountId(), r.instanceId(),
                        r.attempt(), clock.instant(), eni.id, eni.vpcId, eni.subnetId, eni.privateIpAddress,
                        eni.publicIpAddress, eni.macAddress, eni.securityGroupIds(),
                        subnet == null ? null : subnet.cidrBlock, rules, eni.rulesVersion))));
    }

    private Uni<Void> failNoPublic(InstanceRequested r) {
        return fail(r, NO_PUBLIC_ADDRESSES, "There are not enough free public addresses to satisfy the request.");
    }

    private Uni<Void> fail(InstanceRequested r, String code, String message) {
        return outbox.publish(new InstanceNetworkFailed(r.accountId(), r.instanceId(), r.attempt(), clock.instant(),
                code, message));
    }

    /** A random locally administered unicast MAC address ({@code 02:xx:xx:xx:xx:xx}). */
    static String newMac() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        bytes[0] = 0x02;
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
