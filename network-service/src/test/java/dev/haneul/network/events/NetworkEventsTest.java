package dev.haneul.network.events;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.network.InternetGatewayAttached;
import dev.haneul.events.network.InternetGatewayDetached;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.events.network.SubnetCreated;
import dev.haneul.events.network.SubnetDeleted;
import dev.haneul.events.network.VpcCreated;
import dev.haneul.events.network.VpcDeleted;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.NetworkEvents;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class NetworkEventsTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void vpcsSubnetsAndGatewaysArePublished() {
        String account = newAccount();
        try (NetworkEvents events = new NetworkEvents(bootstrap)) {
            // the default VPC, on first need: the VPC, a subnet per zone, its attached gateway
            as(account).get("/v1/vpcs").then().statusCode(200);
            VpcCreated defaultVpc = events.await(account, VpcCreated.class, 1).get(0);
            assertTrue(defaultVpc.isDefault());
            assertEquals("172.31.0.0/16", defaultVpc.cidrBlock());
            assertEquals(3, events.await(account, SubnetCreated.class, 3).size());
            assertEquals(defaultVpc.vpcId(), events.await(account, InternetGatewayAttached.class, 1).get(0).vpcId());

            String vpcId = Api.vpc(account, "10.40.0.0/16");
            String subnetId = Api.subnet(account, vpcId, "10.40.1.0/24");
            String gatewayId = Api.gateway(account);
            Api.attach(account, gatewayId, vpcId);
            as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/detach")
                    .then().statusCode(200);
            as(account).delete("/v1/subnets/" + subnetId).then().statusCode(204);
            as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(204);

            VpcCreated created = events.await(account, VpcCreated.class, 2).get(1);
            assertEquals(vpcId, created.vpcId());
            assertFalse(created.isDefault());
            SubnetCreated subnet = events.await(account, SubnetCreated.class, 4).get(3);
            assertEquals(subnetId, subnet.subnetId());
            assertEquals("10.40.1.0/24", subnet.cidrBlock());
            assertEquals("kr-central-1a", subnet.availabilityZone());
            InternetGatewayAttached attached = events.await(account, InternetGatewayAttached.class, 2).get(1);
            assertEquals(gatewayId, attached.internetGatewayId());
            InternetGatewayDetached detached = events.await(account, InternetGatewayDetached.class, 1).get(0);
            assertEquals(gatewayId, detached.internetGatewayId());
            assertEquals(vpcId, detached.vpcId());
            assertEquals(subnetId, events.await(account, SubnetDeleted.class, 1).get(0).subnetId());
            assertEquals(vpcId, events.await(account, VpcDeleted.class, 1).get(0).vpcId());
        }
    }

    @Test
    void everyAutoLeaseEndsExactlyOnceAcrossStopStartAndTerminate() {
        String account = newAccount();
        try (Saga saga = new Saga(bootstrap); NetworkEvents events = new NetworkEvents(bootstrap)) {
            InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, true);
            saga.send(r);
            String firstIp = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0).publicIpAddress();
            saga.send(Saga.stopped(r));
            events.await(account, PublicIpReleased.class, 1);
            saga.send(Saga.restart(r, 1));
            InstanceNetworkAttached again = saga.await(InstanceNetworkAttached.class, r.instanceId(), 1);
            saga.send(Saga.terminated(Saga.restart(r, 1)));
            // a second stop and a redelivered termination find nothing more to release
            saga.send(Saga.stopped(Saga.restart(r, 1)));
            saga.send(Saga.terminated(Saga.restart(r, 1)));

            List<PublicIpReleased> released = events.await(account, PublicIpReleased.class, 2);
            List<PublicIpAcquired> acquired = events.seen(account, PublicIpAcquired.class);
            assertEquals(2, acquired.size());
            assertEquals(List.of(firstIp, again.publicIpAddress()), acquired.stream().map(PublicIpAcquired::publicIp)
                    .toList());
            acquired.forEach(a -> {
                assertEquals("auto", a.kind());
                assertEquals(r.instanceId(), a.instanceId());
            });
            assertNotEquals(acquired.get(0).leaseId(), acquired.get(1).leaseId(), "a new lease per assignment");
            Map<String, Long> releasesPerLease = released.stream()
                    .collect(Collectors.groupingBy(PublicIpReleased::leaseId, Collectors.counting()));
            assertEquals(acquired.stream().collect(Collectors.toMap(PublicIpAcquired::leaseId, a -> 1L)),
                    releasesPerLease);
            // a later probe still sees exactly these two releases (nothing more arrives after the end)
            InstanceRequested marker = launch(account, newInstance(), "kr-central-1a", null, null, true);
            saga.send(marker);
            saga.await(InstanceNetworkAttached.class, marker.instanceId(), 0);
            events.await(account, PublicIpAcquired.class, 3);
            assertEquals(2, events.seen(account, PublicIpReleased.class).size());
            assertEquals(r.instanceId(), events.seen(account, PublicIpReleased.class).get(1).instanceId());
        }
    }
}
