package dev.haneul.events.network;

import dev.haneul.events.HaneulEvent;
import java.time.Instant;

/**
 * Facts about network resources, on {@code network-events}, keyed by the resource id (a public IP lease by its
 * {@code leaseId}), so the events of one resource stay in order.
 */
public sealed interface NetworkEvent extends HaneulEvent permits VpcCreated, VpcDeleted, SubnetCreated,
        SubnetDeleted, InternetGatewayAttached, InternetGatewayDetached, NetworkInterfaceGroupsChanged,
        InterfaceRulesChanged, PublicIpAcquired, PublicIpReleased, ElasticIpAssociated, ElasticIpDisassociated {

    String accountId();

    Instant at();
}
