package dev.haneul.compute.instance;

import dev.haneul.compute.catalog.InstanceType;
import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.instance.api.ModifyRequest;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.hibernate.StaleObjectStateException;

/**
 * ModifyInstanceAttribute: changes a stored instance's attributes as EC2 allows. A new type takes effect (and
 * is counted against the vCPU quota) at the next start, since the type can change only while stopped.
 */
@ApplicationScoped
public class ModifyService {
    private final InstanceTypeCatalog types;

    public ModifyService(InstanceTypeCatalog types) {
        this.types = types;
    }

    public Uni<Instance> modify(String accountId, String instanceId, ModifyRequest r) {
        InstanceQueries.checkId(instanceId);
        InstanceType type = r.instanceType() == null ? null : types.find(r.instanceType()).orElseThrow(() ->
                ApiException.badRequest("InvalidInstanceAttributeValue", "The instance type '" + r.instanceType()
                        + "' is not valid."));
        if (r.userData() != null) {
            UserData.check(r.userData());
        }
        return Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId).map(i -> {
            apply(i, r, type);
            return i;
        })).onFailure(StaleObjectStateException.class).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(200)).atMost(5);
    }

    /** The change on the entity (checked first, so a refused change changes nothing). */
    static void apply(Instance i, ModifyRequest r, InstanceType type) {
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
    }

    private static ApiException incorrectState(Instance i, String verb) {
        return ApiException.conflict("IncorrectInstanceState", "The instance '" + i.instanceId
                + "' is not in a state from which it can be " + verb + " (" + i.state.label() + ").");
    }
}
