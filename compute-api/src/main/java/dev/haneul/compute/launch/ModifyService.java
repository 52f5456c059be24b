package dev.haneul.compute.launch;

import dev.haneul.compute.catalog.InstanceType;
import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.UserData;
import dev.haneul.compute.launch.api.ModifyRequest;
import dev.haneul.compute.network.NetworkClient;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.retry.LostRace;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * ModifyInstanceAttribute: changes a stored instance's attributes as EC2 allows. A new type takes effect (and
 * is counted against the vCPU quota) at the next start, since the type can change only while stopped. New
 * security groups are set on the instance's network interface by network-service first (it owns the
 * interface and checks the groups); only when it accepted them are they stored here. Every check runs before
 * that call, so a refused change changes nothing anywhere.
 */
@ApplicationScoped
public class ModifyService {
    private final InstanceTypeCatalog types;
    private final NetworkClient network;

    public ModifyService(InstanceTypeCatalog types, NetworkClient network) {
        this.types = types;
        this.network = network;
    }

    public Uni<Instance> modify(String accountId, String instanceId, String bearerToken, ModifyRequest r) {
        InstanceQueries.checkId(instanceId);
        InstanceType type = r.instanceType() == null ? null : types.find(r.instanceType()).orElseThrow(() ->
                ApiException.badRequest("InvalidInstanceAttributeValue", "The instance type '" + r.instanceType()
                        + "' is not valid."));
        if (r.userData() != null) {
            UserData.check(r.userData());
        }
        Uni<Void> groups = r.securityGroupIds() == null ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> InstanceQueries.owned(accountId, instanceId)).chain(i -> {
                    check(i, r, type);
                    if (i.networkInterfaceId == null) {
                        throw ApiException.conflict("IncorrectInstanceState", "The instance '" + instanceId
                                + "' has no network interface yet; change its security groups once it is running.");
                    }
                    return network.setGroups(i.networkInterfaceId, r.securityGroupIds(), bearerToken);
                });
        return LostRace.retried(() -> groups.chain(() -> Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId).map(i -> {
            check(i, r, type);
            apply(i, r, type);
            return i;
        }))));
    }

    /** Whether the change is allowed in the instance's state (throws EC2's error if not); changes nothing. */
    static void check(Instance i, ModifyRequest r, InstanceType type) {
        if (i.state == InstanceState.TERMINATED || i.state == InstanceState.SHUTTING_DOWN) {
            throw incorrectState(i, "modified");
        }
        if ((type != null || r.userData() != null) && i.state != InstanceState.STOPPED) {
            throw ApiException.conflict("IncorrectInstanceState", "The instance '" + i.instanceId
                    + "' is not in the 'stopped' state.");
        }
        if (type != null && !type.architecture().equals(i.architecture)) {
            throw ApiException.badRequest("InvalidInstanceAttributeValue", "The instance type '"
                    + type.instanceType() + "' (" + type.architecture() + ") does not match the architecture '"
                    + i.architecture + "' of the instance's image.");
        }
    }

    /** The change on the entity (after {@link #check}). */
    static void apply(Instance i, ModifyRequest r, InstanceType type) {
        if (type != null) {
            i.instanceType = type.instanceType();
            i.vcpus = type.vcpus();
            i.memoryMib = type.memoryMib();
            i.creditSpecification = !type.burstable() ? null
                    : i.creditSpecification == null ? "standard" : i.creditSpecification;
        }
        if (r.userData() != null) {
            i.userData = r.userData().isEmpty() ? null : r.userData();
        }
        if (r.disableApiTermination() != null) {
            i.disableApiTermination = r.disableApiTermination();
        }
        if (r.instanceInitiatedShutdownBehavior() != null) {
            i.shutdownBehavior = r.instanceInitiatedShutdownBehavior();
        }
        if (r.securityGroupIds() != null) {
            i.securityGroupIds = String.join(",", r.securityGroupIds());
        }
        if (r.maintenanceOptions() != null && r.maintenanceOptions().autoRecovery() != null) {
            i.autoRecovery = r.maintenanceOptions().autoRecovery();
        }
    }

    private static ApiException incorrectState(Instance i, String verb) {
        return ApiException.conflict("IncorrectInstanceState", "The instance '" + i.instanceId
                + "' is not in a state from which it can be " + verb + " (" + i.state.label() + ").");
    }
}
