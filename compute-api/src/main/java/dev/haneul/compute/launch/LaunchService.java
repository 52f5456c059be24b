package dev.haneul.compute.launch;

import dev.haneul.compute.account.Secrets;
import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.catalog.InstanceType;
import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.JsonColumns;
import dev.haneul.compute.instance.UserData;
import dev.haneul.compute.keypair.KeyPairs;
import dev.haneul.compute.launch.api.LaunchRequest;
import dev.haneul.compute.network.NetworkClient;
import dev.haneul.compute.network.SubnetInfo;
import dev.haneul.compute.quota.VcpuQuota;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.tag.Tag;
import dev.haneul.compute.tag.TagService;
import dev.haneul.compute.tag.Tags;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.error.DatabaseErrors;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RunInstances: checks the request as EC2 does, reserves vCPU quota (as many instances as fit between
 * minCount and maxCount), stores the instances {@code pending} with an {@code InstanceRequested} each in
 * one transaction, and answers at once; the saga does the rest. A client token makes a retry return the
 * first reservation.
 */
@ApplicationScoped
public class LaunchService {
    private static final Set<String> VOLUME_TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    private final InstanceTypeCatalog types;
    private final ComputeConfig config;
    private final VcpuQuota quota;
    private final NetworkClient network;
    private final Outbox outbox;
    private final KeyPairs keyPairs;
    private final AtomicInteger zoneCursor = new AtomicInteger();

    public LaunchService(InstanceTypeCatalog types, ComputeConfig config, VcpuQuota quota, NetworkClient network,
            Outbox outbox, KeyPairs keyPairs) {
        this.types = types;
        this.config = config;
        this.quota = quota;
        this.network = network;
        this.outbox = outbox;
        this.keyPairs = keyPairs;
    }

    /** The launched (or, for a retried client token, the first) reservation's instances. */
    /**
     * A launch's reservation: its id and its instances — for a retried client token the first launch's, whose
     * instances may have been purged since (terminated and past their visibility): then there are none.
     */
    public record Launched(String reservationId, List<Instance> instances) {
    }

    public Uni<Launched> launch(String accountId, String bearerToken, LaunchRequest r) {
        InstanceType type = types.find(r.instanceType()).orElseThrow(() -> ApiException.invalidParameter(
                "Invalid value '" + r.instanceType() + "' for InstanceType."));
        validate(r);
        LaunchTags tags = launchTags(r);
        if (r.creditSpecification() != null && !type.burstable()) {
            throw ApiException.badRequest("InvalidParameterCombination", "The instance type '" + type.instanceType()
                    + "' does not support credit specification; only burstable (T) instance types do.");
        }
        String requestHash = Secrets.sha256(JsonColumns.writeJson(withoutToken(r)));
        Uni<Launched> previous = r.clientToken() == null ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> previousLaunch(accountId, r.clientToken(), requestHash));
        return previous.chain(found -> found != null ? Uni.createFrom().item(found)
                : Panache.withSession(() -> Image.launchable(r.imageId(), accountId))
                        .chain(image -> {
                            if (image == null) {
                                throw ApiException.badRequest("InvalidAMIID.NotFound",
                                        "The image id '[" + r.imageId() + "]' does not exist");
                            }
                            if (!image.architecture.equals(type.architecture())) {
                                throw ApiException.invalidParameter("The architecture '" + type.architecture()
                                        + "' of the specified instance type does not match the architecture '"
                                        + image.architecture + "' of the specified AMI.");
                            }
                            return publicKeyOf(accountId, r.keyName()).chain(key -> zoneOf(r, bearerToken)
                                    .call(() -> network.checkGroups(r.securityGroupIds(), bearerToken))
                                    .chain(zone -> create(accountId, r, type, image, zone, tags, requestHash, key)));
                        }));
    }

    /**
     * The key pair's public key, which the instance keeps from its launch on (as in EC2, deleting the key pair
     * later changes nothing for it); null without a key name, 400 for a name the account does not have.
     */
    private Uni<String> publicKeyOf(String accountId, String keyName) {
        if (keyName == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> keyPairs.find(accountId, keyName)).map(k -> {
            if (k == null) {
                throw ApiException.badRequest("InvalidKeyPair.NotFound", "The key pair '" + keyName
                        + "' does not exist");
            }
            return k.publicKey;
        });
    }

    private Uni<Launched> create(String accountId, LaunchRequest r, InstanceType type, Image image,
            Placement where, LaunchTags tags, String requestHash, String publicKey) {
        List<BlockDevice> devices = blockDevices(r, image);
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < r.max(); n++) {
            ids.add(Ids.newId("i"));
        }
        ids.sort(null); // the order a describe and a retried client token answer in (createdAt, then id)
        return quota.reserve(accountId, type.vcpus(), r.min(), ids).chain(granted -> {
            Instant now = Instant.now();
            String reservationId = Ids.newId("r");
            List<Instance> instances = new ArrayList<>();
            for (int n = 0; n < granted; n++) {
                instances.add(newInstance(accountId, reservationId, ids.get(n), r, type, image, where, devices, tags, now,
                        publicKey));
            }
            // the database checks the limit again under the account's lock: Redis may have lost its keys
            return AccountLock.inTransaction(accountId, () -> quota.checkInDatabase(accountId,
                            (long) granted * type.vcpus())
                    .chain(() -> saveLaunch(accountId, r, requestHash, reservationId))
                    .chain(() -> Instance.persist(instances))
                    .chain(() -> TagService.persistRows(instances))
                    .chain(() -> outbox.publishAll(instances.stream()
                            .map(i -> InstanceLifecycle.requested(i, type.family(), type.gpus(), now)).toList())))
                    .replaceWith(new Launched(reservationId, instances))
                    .call(() -> quota.confirm(accountId, type.vcpus(), ids.subList(0, granted))
                            .onFailure().recoverWithNull())
                    .onFailure().call(e -> releaseAll(accountId, ids))
                    .onFailure(DatabaseErrors::isDuplicateKey).recoverWithUni(
                            () -> Panache.withSession(() -> previousLaunch(accountId, r.clientToken(), requestHash)))
                    .call(() -> releaseAll(accountId, ids.subList(granted, ids.size())));
        });
    }

    private Uni<Void> saveLaunch(String accountId, LaunchRequest r, String hash, String reservationId) {
        if (r.clientToken() == null) {
            return Uni.createFrom().voidItem();
        }
        // stamped by the database's clock, by which ClientTokenRetention measures the row's age
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO launch_request (account_id, client_token, request_hash, reservation_id, created_at) "
                        + "VALUES (:a, :t, :h, :r, NOW(6))")
                .setParameter("a", accountId).setParameter("t", r.clientToken()).setParameter("h", hash)
                .setParameter("r", reservationId).executeUpdate()).replaceWithVoid();
    }

    private static Uni<Launched> previousLaunch(String accountId, String token, String hash) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT request_hash, reservation_id FROM launch_request WHERE account_id = :a AND client_token = :t",
                Object[].class).setParameter("a", accountId).setParameter("t", token).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    if (!hash.equals(rows.get(0)[0])) {
                        throw ApiException.badRequest("IdempotentParameterMismatch", "The client token '" + token
                                + "' was used with different parameters in an earlier request.");
                    }
                    String reservationId = (String) rows.get(0)[1];
                    return Instance.<Instance>list("reservationId = ?1 order by createdAt, instanceId", reservationId)
                            .map(instances -> new Launched(reservationId, instances));
                });
    }

    private Uni<Void> releaseAll(String accountId, List<String> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : ids) {
            chain = chain.chain(() -> quota.release(accountId, id));
        }
        return chain;
    }


    record Placement(String availabilityZone, SubnetInfo subnet) {
    }

    private Uni<Placement> zoneOf(LaunchRequest r, String bearerToken) {
        String askedZone = r.placement() == null ? null : r.placement().availabilityZone();
        if (askedZone != null && !config.availabilityZones().contains(askedZone)) {
            throw ApiException.invalidParameter("Invalid availability zone: [" + askedZone + "]");
        }
        if (r.subnetId() == null) {
            String zone = askedZone != null ? askedZone : config.availabilityZones()
                    .get(Math.floorMod(zoneCursor.getAndIncrement(), config.availabilityZones().size()));
            return Uni.createFrom().item(new Placement(zone, null));
        }
        if (!Ids.isWellFormed("subnet", r.subnetId())) {
            throw ApiException.badRequest("InvalidSubnetID.Malformed", "Invalid id: \"" + r.subnetId() + "\"");
        }
        return network.subnet(r.subnetId(), bearerToken).map(s -> {
            if (askedZone != null && !askedZone.equals(s.availabilityZone())) {
                throw ApiException.badRequest("InvalidParameterCombination", "The subnet '" + r.subnetId()
                        + "' is in " + s.availabilityZone() + ", not in the requested zone " + askedZone + ".");
            }
            if (r.privateIpAddress() != null && s.cidrBlock() != null) {
                PrivateAddress.checkInSubnet(r.privateIpAddress(), r.subnetId(), s.cidrBlock());
            }
            return new Placement(s.availabilityZone(), s);
        });
    }

    private void validate(LaunchRequest r) {
        if (r.min() > r.max()) {
            throw ApiException.invalidParameter("MinCount (" + r.min() + ") must not exceed MaxCount (" + r.max() + ").");
        }
        if (!Ids.isWellFormed("ami", r.imageId())) {
            throw ApiException.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + r.imageId() + "\"");
        }
        if (r.privateIpAddress() != null && r.max() > 1) {
            throw ApiException.badRequest("InvalidParameterCombination",
                    "A private IP address can be specified only when launching a single instance.");
        }
        if (r.privateIpAddress() != null) {
            PrivateAddress.checkFormat(r.privateIpAddress());
        }
        if (r.userData() != null) {
            UserData.check(r.userData());
        }
    }

    /** The launch's tags: for the instance ({@code tags} and tag specifications of type instance) and its volumes. */
    record LaunchTags(List<Tag> instance, Map<String, String> volumes) {
    }

    static LaunchTags launchTags(LaunchRequest r) {
        List<Tag> instance = r.tags() == null ? List.of() : Tags.merge(List.of(), r.tags());
        List<Tag> volume = List.of();
        Set<String> seen = new HashSet<>();
        for (LaunchRequest.TagSpecification spec : r.tagSpecifications() == null
                ? List.<LaunchRequest.TagSpecification>of() : r.tagSpecifications()) {
            if (!seen.add(spec.resourceType())) {
                throw ApiException.invalidParameter("The same resource type may not be specified more than once "
                        + "in tag specifications: '" + spec.resourceType() + "'.");
            }
            switch (spec.resourceType()) {
                case "instance" -> instance = Tags.merge(instance, spec.tags());
                case "volume" -> volume = Tags.merge(volume, spec.tags());
                default -> throw ApiException.invalidParameter("'" + spec.resourceType() + "' is not a valid taggable"
                        + " resource type for this operation; a launch tags 'instance' and 'volume'.");
            }
        }
        Map<String, String> volumes = new LinkedHashMap<>();
        volume.forEach(t -> volumes.put(t.key(), t.value()));
        return new LaunchTags(instance, volumes);
    }

    private static List<BlockDevice> blockDevices(LaunchRequest r, Image image) {
        List<BlockDevice> out = new ArrayList<>();
        LaunchRequest.Ebs rootEbs = null;
        List<LaunchRequest.BlockDeviceMapping> mappings = r.blockDeviceMappings() == null ? List.of()
                : r.blockDeviceMappings();
        Set<String> seen = new HashSet<>();
        for (LaunchRequest.BlockDeviceMapping m : mappings) {
            if (!seen.add(m.deviceName())) {
                throw ApiException.badRequest("InvalidBlockDeviceMapping",
                        "The device '" + m.deviceName() + "' is used more than once.");
            }
            if (m.deviceName().equals(image.rootDeviceName)) {
                rootEbs = m.ebs();
            }
        }
        int rootSize = rootEbs != null && rootEbs.volumeSize() != null ? rootEbs.volumeSize() : image.minRootSizeGib;
        if (rootSize < image.minRootSizeGib) {
            throw ApiException.badRequest("InvalidBlockDeviceMapping", "Volume of size " + rootSize
                    + "GB is smaller than snapshot '" + image.imageId + "', expect size >= " + image.minRootSizeGib
                    + "GB");
        }
        out.add(new BlockDevice(image.rootDeviceName, rootSize, volumeType(rootEbs), rootEbs == null ? null
                : rootEbs.iops(), rootEbs == null ? null : rootEbs.throughput(),
                rootEbs != null && Boolean.TRUE.equals(rootEbs.encrypted()),
                rootEbs == null || rootEbs.deleteOnTermination() == null || rootEbs.deleteOnTermination(),
                image.snapshotId, true));
        for (LaunchRequest.BlockDeviceMapping m : mappings) {
            if (m.deviceName().equals(image.rootDeviceName)) {
                continue;
            }
            LaunchRequest.Ebs e = m.ebs();
            if (e == null || (e.volumeSize() == null && e.snapshotId() == null)) {
                throw ApiException.badRequest("InvalidBlockDeviceMapping",
                        "The device '" + m.deviceName() + "' needs ebs.volumeSize or ebs.snapshotId.");
            }
            out.add(new BlockDevice(m.deviceName(), e.volumeSize() == null ? 0 : e.volumeSize(), volumeType(e),
                    e.iops(), e.throughput(), Boolean.TRUE.equals(e.encrypted()),
                    Boolean.TRUE.equals(e.deleteOnTermination()), e.snapshotId(), false));
        }
        return out;
    }

    private static String volumeType(LaunchRequest.Ebs e) {
        String t = e == null || e.volumeType() == null ? "gp3" : e.volumeType();
        if (!VOLUME_TYPES.contains(t)) {
            throw ApiException.invalidParameter("Invalid value '" + t + "' for volumeType.");
        }
        return t;
    }

    private static Instance newInstance(String accountId, String reservationId, String id, LaunchRequest r,
            InstanceType type, Image image, Placement where, List<BlockDevice> devices, LaunchTags tags, Instant now,
            String publicKey) {
        Instance i = new Instance();
        i.instanceId = id;
        i.accountId = accountId;
        i.reservationId = reservationId;
        i.imageId = image.imageId;
        i.instanceType = type.instanceType();
        i.architecture = type.architecture();
        i.vcpus = type.vcpus();
        i.memoryMib = type.memoryMib();
        i.state = InstanceState.PENDING;
        i.stateChangedAt = now;
        i.stepsSentAt = now; // as InstanceLifecycle.requested sets it, before the insert (no second write)
        i.stepTries = 1;
        i.stateTransitionReason = "";
        i.availabilityZone = where.availabilityZone();
        i.subnetId = r.subnetId();
        i.vpcId = where.subnet() == null ? null : where.subnet().vpcId();
        i.requestedPrivateIp = r.privateIpAddress();
        i.associatePublicIp = r.associatePublicIpAddress();
        i.securityGroupIds = r.securityGroupIds() == null ? null : String.join(",", r.securityGroupIds());
        i.keyName = r.keyName();
        i.publicKey = publicKey;
        i.clientToken = r.clientToken();
        i.userData = r.userData();
        i.rootDeviceName = image.rootDeviceName;
        i.blockDevices = JsonColumns.writeJson(devices);
        i.tags = tags.instance().isEmpty() ? null : JsonColumns.writeJson(tags.instance());
        i.volumeTags = tags.volumes().isEmpty() ? null : JsonColumns.writeJson(tags.volumes());
        i.autoRecovery = r.maintenanceOptions() == null || r.maintenanceOptions().autoRecovery() == null ? "default"
                : r.maintenanceOptions().autoRecovery();
        i.disableApiTermination = Boolean.TRUE.equals(r.disableApiTermination());
        i.shutdownBehavior = r.instanceInitiatedShutdownBehavior() == null ? "stop" : r.instanceInitiatedShutdownBehavior();
        i.creditSpecification = !type.burstable() ? null
                : r.creditSpecification() == null ? "standard" : r.creditSpecification().cpuCredits();
        i.placementGroup = r.placement() == null ? null : r.placement().groupName();
        i.createdAt = now;
        return i;
    }

    private static LaunchRequest withoutToken(LaunchRequest r) {
        return new LaunchRequest(r.imageId(), r.instanceType(), r.subnetId(), r.min(), r.max(), null, r.keyName(),
                r.securityGroupIds(), r.privateIpAddress(), r.associatePublicIpAddress(), r.userData(), r.placement(),
                r.tags(), r.blockDeviceMappings(), r.disableApiTermination(), r.instanceInitiatedShutdownBehavior(),
                r.creditSpecification(), r.tagSpecifications(), r.maintenanceOptions());
    }
}
