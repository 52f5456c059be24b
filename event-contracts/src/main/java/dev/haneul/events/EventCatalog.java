package dev.haneul.events;

import dev.haneul.events.account.AccessKeyRevoked;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.events.billing.BudgetThresholdCrossed;
import dev.haneul.events.billing.InvoiceIssued;
import dev.haneul.events.host.AttachVolume;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DetachVolume;
import dev.haneul.events.host.HostStatusChanged;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.host.InstanceBootFailed;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.InstanceShutdownInitiated;
import dev.haneul.events.host.RebootInstance;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceRebooted;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceTerminating;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.ElasticIpDisassociated;
import dev.haneul.events.network.InternetGatewayAttached;
import dev.haneul.events.network.InternetGatewayDetached;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.events.network.SubnetCreated;
import dev.haneul.events.network.SubnetDeleted;
import dev.haneul.events.network.VpcCreated;
import dev.haneul.events.network.VpcDeleted;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.events.volume.SnapshotCreated;
import dev.haneul.events.volume.SnapshotDeleted;
import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeDetached;
import dev.haneul.events.volume.VolumeModified;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every event type Haneul publishes, by its CloudEvents type. Add a new event record here. */
public final class EventCatalog {

    public static final List<Class<? extends HaneulEvent>> ALL = List.of(
            InstanceRequested.class, InstanceScheduled.class, InstanceScheduleFailed.class,
            InstanceNetworkAttached.class, InstanceNetworkFailed.class, InstanceVolumesAttached.class,
            InstanceVolumesFailed.class, InstanceRunning.class, InstanceStopping.class, InstanceStopped.class,
            InstanceRebooted.class, InstanceTerminating.class, InstanceTerminated.class,
            BootInstance.class, StopInstance.class, RebootInstance.class, DestroyInstance.class,
            HostRegistered.class, HostHeartbeat.class, InstanceBooted.class, InstanceBootFailed.class,
            InstancePoweredOff.class, InstanceDestroyed.class, InstanceShutdownInitiated.class,
            VolumeAttachedToHost.class, VolumeDetachedFromHost.class, HostStatusChanged.class,
            AttachVolume.class, DetachVolume.class,
            VpcCreated.class, VpcDeleted.class, SubnetCreated.class, SubnetDeleted.class,
            InternetGatewayAttached.class, InternetGatewayDetached.class, NetworkInterfaceGroupsChanged.class,
            InterfaceRulesChanged.class,
            PublicIpAcquired.class, PublicIpReleased.class, ElasticIpAssociated.class, ElasticIpDisassociated.class,
            VolumeCreated.class, VolumeModified.class, VolumeDeleted.class, VolumeAttached.class,
            VolumeDetached.class, SnapshotCreated.class, SnapshotCompleted.class, SnapshotDeleted.class,
            BudgetThresholdCrossed.class, InvoiceIssued.class, AccountQuotasChanged.class, AccessKeyRevoked.class);

    private static final Map<String, Class<? extends HaneulEvent>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (Class<? extends HaneulEvent> c : ALL) {
            String type = annotation(c).value();
            if (BY_TYPE.put(type, c) != null) {
                throw new IllegalStateException("two event records share the type " + type);
            }
        }
    }

    private EventCatalog() {
    }

    public static String typeOf(Class<? extends HaneulEvent> c) {
        return annotation(c).value();
    }

    public static String topicOf(Class<? extends HaneulEvent> c) {
        return annotation(c).topic();
    }

    /** The record class of a CloudEvents type, or null when the type is unknown. */
    public static Class<? extends HaneulEvent> classOf(String type) {
        return BY_TYPE.get(type);
    }

    private static EventType annotation(Class<?> c) {
        EventType t = c.getAnnotation(EventType.class);
        if (t == null) {
            throw new IllegalStateException(c.getName() + " has no @EventType");
        }
        return t;
    }
}
