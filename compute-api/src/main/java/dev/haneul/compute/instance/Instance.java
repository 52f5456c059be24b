package dev.haneul.compute.instance;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One virtual server and where its launch saga stands. {@code attempt} counts launches and starts (0 for the
 * launch); the readiness flags belong to the current attempt. Optimistic locking ({@code version}) keeps two
 * concurrent transitions from both winning.
 */
@Entity
@Table(name = "instance")
public class Instance extends PanacheEntityBase {
    @Id
    public String instanceId;
    public String accountId;
    public String reservationId;
    public String imageId;
    public String instanceType;
    public String architecture;
    public int vcpus;
    public long memoryMib;

    @Enumerated(EnumType.STRING)
    public InstanceState state;
    public String stateReasonCode;
    public String stateReasonMessage;
    public String stateTransitionReason;
    public Instant stateChangedAt;

    public String availabilityZone;
    public String subnetId;
    public String vpcId;
    public String requestedPrivateIp;
    public Boolean associatePublicIp;
    public String securityGroupIds;
    public String privateIpAddress;
    public String publicIpAddress;
    public String networkInterfaceId;
    public String macAddress;
    /** The subnet's CIDR, from network-service with the interface. */
    public String subnetCidr;
    /** JSON: the interface's security-group rules as network-service last sent them (event-contracts PacketRules). */
    public String securityRules;
    /** The version of {@link #securityRules}; a copy with a lower one is older and ignored. */
    public long rulesVersion;

    public String hostId;
    public int attempt;
    public boolean scheduled;
    public boolean networkReady;
    public boolean volumesReady;
    public Instant commandSentAt;
    public int commandTries;
    /**
     * When the current attempt's {@code InstanceRequested} was last published (the steps' deadline runs from it,
     * until the boot is sent), and how many times it has been.
     */
    public Instant stepsSentAt;
    public int stepTries;

    public String keyName;
    /** The key pair's public key as it was at launch (the guest's authorized key), or null. */
    public String publicKey;
    public String clientToken;
    public String userData;
    public String rootDeviceName;
    /** JSON: the block devices the launch asked for (event-contracts BlockDevice list). */
    public String blockDevices;
    /** JSON: the volumes attached for the current attempt (event-contracts AttachedVolume list). */
    public String volumes;
    /** JSON: the tags, a list of {key, value}. */
    public String tags;

    /** Termination protection: a user's terminate is refused with {@code OperationNotPermitted}. */
    public boolean disableApiTermination;
    /** What a shutdown from inside the guest does: {@code stop} or {@code terminate}. */
    public String shutdownBehavior = "stop";
    /** {@code standard} or {@code unlimited} for burstable types, null otherwise. */
    public String creditSpecification;
    public String placementGroup;
    public String consoleOutput;
    /** From the host's heartbeats while running: {@code ok} or {@code impaired}; null until the first one. */
    public String instanceStatus;
    /** {@code impaired} while the scheduler reports the instance's host down; null otherwise. */
    public String systemStatus;
    /** JSON: the tags the launch asked for on the instance's volumes (a map key → value), or null. */
    public String volumeTags;
    /** EC2's MaintenanceOptions.AutoRecovery: {@code default} (recover on host failure) or {@code disabled}. */
    public String autoRecovery = "default";
    /** The elastic IP associated with the instance (kept across stop and start), or null. */
    public String elasticIpAddress;

    public Instant launchTime;
    public Instant createdAt;
    public Instant terminatedAt;

    @Version
    public long version;
}
