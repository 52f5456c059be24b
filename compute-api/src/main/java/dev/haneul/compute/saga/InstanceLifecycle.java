package dev.haneul.compute.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.JsonColumns;
import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.RebootInstance;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRebooted;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceTerminating;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.network.PacketRules;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance lifecycle saga, step by step: each method takes the instance as stored, changes it and
 * returns the events and host commands to publish in the same transaction. Pure: no database, no Kafka, so
 * every transition is unit-tested. An event of an attempt that is no longer current changes nothing.
 *
 * <pre>
 * launch/start  pending ── Scheduled + NetworkAttached + VolumesAttached ──▶ BootInstance ── Booted ──▶ running
 *               pending ── ScheduleFailed | NetworkFailed | VolumesFailed | BootFailed ──▶ terminated (reason)
 * stop          running ──▶ stopping ── StopInstance … PoweredOff ──▶ stopped
 * start         stopped ──▶ pending (attempt + 1, InstanceRequested again)
 * terminate     on a host: ──▶ shutting-down ── DestroyInstance … Destroyed ──▶ terminated
 *               on no host: ──▶ shutting-down ──▶ terminated at once
 * </pre>
 */
public final class InstanceLifecycle {
    public static final String USER_SHUTDOWN = "Client.UserInitiatedShutdown";
    public static final String INSTANCE_SHUTDOWN = "Client.InstanceInitiatedShutdown";
    public static final String INTERNAL_ERROR = "Server.InternalError";

    private InstanceLifecycle() {
    }

    // ---- launch ---------------------------------------------------------------------------------------

    /**
     * The event that starts (or restarts) the saga for the instance's current attempt; from {@code now} its steps
     * have {@code haneul.saga.step-timeout} to answer ({@link #onStepTimeout}).
     */
    public static InstanceRequested requested(Instance i, String family, int gpus, Instant now) {
        i.stepsSentAt = now;
        i.stepTries = 1;
        return new InstanceRequested(i.accountId, i.instanceId, i.attempt, now, i.attempt > 0,
                i.instanceType, family, i.vcpus, i.memoryMib, gpus, i.architecture, i.availabilityZone,
                i.subnetId, i.requestedPrivateIp, i.associatePublicIp, splitCsv(i.securityGroupIds), i.placementGroup,
                i.imageId, JsonColumns.readList(i.blockDevices, new TypeReference<List<BlockDevice>>() { }), volumeTags(i));
    }

    /** The launch's volume tags (tag specifications of type volume), or null when it asked for none. */
    static Map<String, String> volumeTags(Instance i) {
        if (i.volumeTags == null || i.volumeTags.isBlank()) {
            return null;
        }
        try {
            return EventCodec.mapper().readValue(i.volumeTags,
                    new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static List<HaneulEvent> onScheduled(Instance i, InstanceScheduled e) {
        if (!current(i, e.attempt()) || i.state != InstanceState.PENDING) {
            return List.of();
        }
        i.hostId = e.hostId();
        i.scheduled = true;
        return bootWhenReady(i, e.at());
    }

    public static List<HaneulEvent> onNetworkAttached(Instance i, InstanceNetworkAttached e) {
        if (!current(i, e.attempt()) || i.state != InstanceState.PENDING) {
            return List.of();
        }
        i.networkInterfaceId = e.networkInterfaceId();
        i.vpcId = e.vpcId();
        i.subnetId = e.subnetId();
        i.privateIpAddress = e.privateIpAddress();
        i.publicIpAddress = e.publicIpAddress();
        i.macAddress = e.macAddress();
        i.securityGroupIds = e.securityGroupIds() == null ? i.securityGroupIds : String.join(",", e.securityGroupIds());
        i.subnetCidr = e.subnetCidr();
        if (e.rules() != null && e.rulesVersion() >= i.rulesVersion) {
            i.securityRules = JsonColumns.writeJson(e.rules());
            i.rulesVersion = e.rulesVersion();
        }
        i.networkReady = true;
        return bootWhenReady(i, e.at());
    }

    public static List<HaneulEvent> onVolumesAttached(Instance i, InstanceVolumesAttached e) {
        if (!current(i, e.attempt()) || i.state != InstanceState.PENDING) {
            return List.of();
        }
        i.volumes = JsonColumns.writeJson(e.volumes());
        i.volumesReady = true;
        return bootWhenReady(i, e.at());
    }

    /** A step of the launch failed: the instance ends terminated with the reason; every service releases. */
    public static List<HaneulEvent> onLaunchStepFailed(Instance i, int attempt, String code, String message,
            Instant now) {
        if (!current(i, attempt) || i.state != InstanceState.PENDING) {
            return List.of();
        }
        String reason = code.startsWith("Server.") || code.startsWith("Client.") ? code
                : (code.startsWith("Insufficient") ? "Server." : "Client.") + code;
        return terminated(i, reason, message, now);
    }

    public static List<HaneulEvent> onBooted(Instance i, int attempt, Instant now) {
        if (!current(i, attempt) || i.state != InstanceState.PENDING || i.commandSentAt == null) {
            return List.of();
        }
        transition(i, InstanceState.RUNNING, now);
        i.launchTime = now;
        i.stateReasonCode = null;
        i.stateReasonMessage = null;
        i.stateTransitionReason = "";
        i.commandSentAt = null;
        i.commandTries = 0;
        return List.of(new InstanceRunning(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, i.hostId, i.privateIpAddress, i.publicIpAddress));
    }

    private static List<HaneulEvent> bootWhenReady(Instance i, Instant now) {
        if (!LaunchSaga.readyToBoot(i) || i.commandSentAt != null) {
            return List.of();
        }
        i.commandSentAt = now;
        i.commandTries = 1;
        i.stepsSentAt = null;
        i.stepTries = 0;
        return List.of(boot(i));
    }

    /** The boot command for the current attempt (also re-sent by the watchdog). */
    public static BootInstance boot(Instance i) {
        return new BootInstance(i.hostId, i.instanceId, i.accountId, i.attempt, i.instanceType, i.vcpus,
                i.memoryMib, i.imageId, i.privateIpAddress, i.macAddress,
                JsonColumns.readList(i.volumes, new TypeReference<List<AttachedVolume>>() { }), i.userData, i.vpcId,
                i.subnetCidr, i.publicKey, splitCsv(i.securityGroupIds), readRules(i.securityRules),
                i.rulesVersion, i.publicIpAddress);
    }

    // ---- user actions ---------------------------------------------------------------------------------

    public static List<HaneulEvent> stop(Instance i, boolean force, Instant now) {
        if (!UserAction.STOP.check(i)) {
            return List.of();
        }
        transition(i, InstanceState.STOPPING, now);
        i.stateReasonCode = USER_SHUTDOWN;
        i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
        i.stateTransitionReason = userInitiated(now);
        i.commandSentAt = now;
        i.commandTries = 1;
        return List.of(new InstanceStopping(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, i.hostId, USER_SHUTDOWN),
                new StopInstance(i.hostId, i.instanceId, i.attempt, force));
    }

    /** The guest shut itself down: stop or terminate, as its shutdown behaviour says. */
    public static List<HaneulEvent> onGuestShutdown(Instance i, int attempt, boolean terminate, Instant now) {
        if (!current(i, attempt) || i.state != InstanceState.RUNNING) {
            return List.of();
        }
        if (terminate) {
            return terminate(i, INSTANCE_SHUTDOWN, "Client.InstanceInitiatedShutdown: Instance initiated shutdown",
                    now);
        }
        List<HaneulEvent> out = stop(i, false, now);
        i.stateReasonCode = INSTANCE_SHUTDOWN;
        i.stateReasonMessage = "Client.InstanceInitiatedShutdown: Instance initiated shutdown";
        return out;
    }

    public static List<HaneulEvent> onPoweredOff(Instance i, int attempt, Instant now) {
        if (!current(i, attempt) || i.state != InstanceState.STOPPING) {
            return List.of();
        }
        String host = i.hostId;
        transition(i, InstanceState.STOPPED, now);
        i.hostId = null;
        i.publicIpAddress = i.elasticIpAddress; // the auto-assigned address goes, an elastic IP stays
        i.commandSentAt = null;
        i.commandTries = 0;
        return List.of(new InstanceStopped(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, host, i.stateReasonCode));
    }

    /** Start a stopped instance: a new attempt of the launch saga. */
    public static boolean start(Instance i, Instant now) {
        if (!UserAction.START.check(i)) {
            return false;
        }
        transition(i, InstanceState.PENDING, now);
        i.attempt++;
        i.scheduled = false;
        i.networkReady = false;
        i.volumesReady = false;
        i.hostId = null;
        i.commandSentAt = null;
        i.commandTries = 0;
        i.stateReasonCode = null;
        i.stateReasonMessage = null;
        i.stateTransitionReason = "";
        i.instanceStatus = null;
        i.systemStatus = null;
        return true;
    }

    // ---- host failure ---------------------------------------------------------------------------------

    public static final String HOST_FAILURE = "Server.HostFailure";

    /**
     * Automatic recovery of a running instance whose host went down: the current attempt ends as a stop on the
     * dead host ({@code InstanceStopped} with that host, so the scheduler frees its capacity, network-service
     * its auto-assigned address and billing stops metering) and a new attempt starts at once
     * ({@code InstanceRequested}, restart) to run the same instance, with the same id, private IP, elastic IP
     * and volumes, on another host. The instance is {@code pending} with state reason {@code Server.HostFailure}
     * until it runs again. Nothing happens if it is no longer running on that host.
     */
    public static List<HaneulEvent> recover(Instance i, String deadHost, String family, int gpus, Instant now) {
        if (i.state != InstanceState.RUNNING || !deadHost.equals(i.hostId)) {
            return List.of();
        }
        InstanceStopped stopped = new InstanceStopped(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, deadHost, HOST_FAILURE);
        transition(i, InstanceState.STOPPED, now);
        start(i, now);
        i.publicIpAddress = i.elasticIpAddress;
        i.stateReasonCode = HOST_FAILURE;
        i.stateReasonMessage = HOST_FAILURE + ": The instance's host stopped responding; the instance is being "
                + "recovered on another host.";
        i.stateTransitionReason = "Instance recovery (" + REASON_TIME.format(now) + ")";
        return List.of(stopped, requested(i, family, gpus, now));
    }

    public static List<HaneulEvent> reboot(Instance i, Instant now) {
        UserAction.REBOOT.check(i);
        return List.of(new RebootInstance(i.hostId, i.instanceId, i.attempt),
                new InstanceRebooted(i.accountId, i.instanceId, i.attempt, now, i.instanceType, i.hostId));
    }

    /** Terminate: idempotent; through the host when a host holds the instance, at once otherwise. */
    public static List<HaneulEvent> terminate(Instance i, String reason, String message, Instant now) {
        if (i.state == InstanceState.TERMINATED || i.state == InstanceState.SHUTTING_DOWN) {
            return List.of();
        }
        boolean onHost = i.hostId != null && (i.state == InstanceState.RUNNING || i.state == InstanceState.STOPPING
                || (i.state == InstanceState.PENDING && i.commandSentAt != null));
        List<HaneulEvent> out = new ArrayList<>();
        transition(i, InstanceState.SHUTTING_DOWN, now);
        i.stateReasonCode = reason;
        i.stateReasonMessage = message;
        i.stateTransitionReason = userInitiated(now);
        out.add(new InstanceTerminating(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, i.hostId, reason));
        if (onHost) {
            i.commandSentAt = now;
            i.commandTries = 1;
            out.add(new DestroyInstance(i.hostId, i.instanceId, i.attempt));
            return out;
        }
        out.addAll(terminated(i, reason, message, now));
        return out;
    }

    public static List<HaneulEvent> onDestroyed(Instance i, int attempt, Instant now) {
        if (i.state != InstanceState.SHUTTING_DOWN || attempt != i.attempt) {
            return List.of();
        }
        return terminated(i, i.stateReasonCode, i.stateReasonMessage, now);
    }

    private static List<HaneulEvent> terminated(Instance i, String reason, String message, Instant now) {
        String host = i.hostId;
        transition(i, InstanceState.TERMINATED, now);
        i.stateReasonCode = reason;
        i.stateReasonMessage = message;
        i.terminatedAt = now;
        i.hostId = null;
        i.publicIpAddress = null;
        i.elasticIpAddress = null;
        i.systemStatus = null;
        i.commandSentAt = null;
        i.commandTries = 0;
        i.stepsSentAt = null;
        i.stepTries = 0;
        return List.of(new InstanceTerminated(i.accountId, i.instanceId, i.attempt, now, i.instanceType,
                i.availabilityZone, host, reason, message));
    }

    // ---- when a host does not answer -------------------------------------------------------------------

    /**
     * The host has not answered the instance's command since before {@code cutoff}: send it again, or, after
     * {@code maxTries}, settle without the host (a boot fails with {@code Server.InternalError}; a stop or a
     * destroy is taken as done).
     */
    public static List<HaneulEvent> onCommandTimeout(Instance i, int maxTries, Instant now, Instant cutoff) {
        if (i.commandSentAt == null || !i.commandSentAt.isBefore(cutoff)) {
            return List.of();
        }
        boolean retry = i.commandTries < maxTries;
        if (retry) {
            i.commandTries++;
            i.commandSentAt = now;
        }
        switch (i.state) {
            case PENDING:
                if (retry) {
                    return List.of(boot(i));
                }
                List<HaneulEvent> out = new ArrayList<>();
                out.add(new DestroyInstance(i.hostId, i.instanceId, i.attempt));
                out.addAll(terminated(i, INTERNAL_ERROR, "Server.InternalError: The host did not boot the instance.",
                        now));
                return out;
            case STOPPING:
                return retry ? List.of(new StopInstance(i.hostId, i.instanceId, i.attempt, true))
                        : onPoweredOff(i, i.attempt, now);
            case SHUTTING_DOWN:
                return retry ? List.of(new DestroyInstance(i.hostId, i.instanceId, i.attempt))
                        : terminated(i, i.stateReasonCode, i.stateReasonMessage, now);
            default:
                return List.of();
        }
    }

    /**
     * A step of the launch has not answered the current attempt's {@code InstanceRequested} since before
     * {@code cutoff} (the request or its answer was lost or dead-lettered, or the participant has been down all
     * along): publish the request again — each participant answers a repeated request of an attempt it has done
     * with the answer it gave, and does it if it has not — or, after {@code maxTries}, end the launch
     * {@code terminated} with {@code Server.InternalError}, naming the participants that never answered;
     * {@code InstanceTerminated} makes every participant undo what it did.
     */
    public static List<HaneulEvent> onStepTimeout(Instance i, int maxTries, String family, int gpus, Instant now,
            Instant cutoff) {
        if (i.state != InstanceState.PENDING || i.commandSentAt != null || i.stepsSentAt == null
                || !i.stepsSentAt.isBefore(cutoff)) {
            return List.of();
        }
        if (i.stepTries < maxTries) {
            int tries = i.stepTries + 1;
            InstanceRequested again = requested(i, family, gpus, now);
            i.stepTries = tries;
            return List.of(again);
        }
        List<String> silent = LaunchSaga.beforeBoot().stream().filter(s -> !s.isDone().test(i))
                .map(LaunchSaga.Step::participant).toList();
        return terminated(i, INTERNAL_ERROR, "Server.InternalError: The launch did not complete: no answer from "
                + String.join(", ", silent) + " after " + i.stepTries + " requests.", now);
    }

    /** EC2's stateTransitionReason for a user's action, e.g. {@code User initiated (2026-11-22 04:10:00 GMT)}. */
    public static String userInitiated(Instant now) {
        return "User initiated (" + REASON_TIME.format(now) + ")";
    }

    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'").withZone(ZoneOffset.UTC);

    // ---- helpers --------------------------------------------------------------------------------------

    private static boolean current(Instance i, int attempt) {
        return i.attempt == attempt;
    }

    private static void transition(Instance i, InstanceState to, Instant now) {
        i.state = to;
        i.stateChangedAt = now;
    }

    static List<String> splitCsv(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    /** The stored rules of the instance's interface, or null when network-service sent none. */
    static PacketRules readRules(String json) {
        return JsonColumns.readJson(json, new TypeReference<PacketRules>() { }, null);
    }
}
