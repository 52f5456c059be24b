package dev.haneul.billing.replay;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.billing.invoice.InvoiceService;
import dev.haneul.billing.messaging.InstanceEventsConsumer;
import dev.haneul.billing.messaging.NetworkEventsConsumer;
import dev.haneul.billing.messaging.VolumeEventsConsumer;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same March 2027 history fed through the real consumer handlers (event processor, consumed-event log,
 * metering, the real database) in many delivery orders: in order; every event twice (a replay of each
 * resource's whole partition after a crash); per-partition order kept with the resources interleaved at random
 * and random redeliveries (several seeds); and, stronger than Kafka ever delivers, everything shuffled with
 * duplicates (a deletion or modification before the creation). Every account's invoice must be the same, and
 * equal to the hand computation.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ReplayInvoiceTest {
    static final Instant MARCH = Instant.parse("2027-03-01T00:00:00Z");

    @Inject
    TestClock clock;

    @Inject
    InvoiceService invoices;
    @Inject
    InstanceEventsConsumer instanceEvents;
    @Inject
    VolumeEventsConsumer volumeEvents;
    @Inject
    NetworkEventsConsumer networkEvents;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static Instant at(String t) {
        return Instant.parse(t);
    }

    /** One account's March; {@code roles} names each resource so invoices of different accounts compare. */
    record March(String account, Map<String, String> roles, List<EventCodec.Encoded> events) {

        static March fresh() {
            String account = Events.account();
            String instance = Events.instanceId();
            String io2 = Events.id("vol");
            String gp3 = Events.id("vol");
            String snapshot = Events.id("snap");
            String eip = Events.id("eipalloc");
            String lease = Events.id("lease");
            Map<String, String> roles = new LinkedHashMap<>();
            roles.put(instance, "instance");
            roles.put(io2, "io2");
            roles.put(gp3, "gp3");
            roles.put(snapshot, "snapshot");
            roles.put(eip, "eip");
            roles.put(lease, "auto-ip");
            Instant d2 = at("2027-03-02T00:00:00Z");
            Instant d3 = at("2027-03-03T00:00:00Z");
            List<EventCodec.Encoded> events = List.of(
                    Events.running(account, instance, 0, "t3.small", d2),
                    Events.stopping(account, instance, 0, "t3.small", d2.plusSeconds(45)),
                    Events.running(account, instance, 1, "t3.small", d3),
                    Events.stopping(account, instance, 1, "t3.small", d3.plusSeconds(7200)),
                    Events.terminated(account, instance, 1, "t3.small", d3.plusSeconds(7210)),
                    Events.autoIpAcquired(account, lease, instance, d3),
                    Events.autoIpReleased(account, lease, instance, d3.plusSeconds(7200)),
                    Events.volumeCreated(account, io2, "io2", 100, 2000, null, MARCH),
                    Events.volumeAttached(account, io2, instance, d3),
                    Events.volumeModified(account, io2, "io2", 200, 3000, null, at("2027-03-11T00:00:00Z")),
                    Events.volumeDeleted(account, io2, at("2027-03-21T00:00:00Z")),
                    Events.volumeCreated(account, gp3, "gp3", 50, 3000, 500, at("2027-03-05T00:00:00Z")),
                    Events.snapshotCreated(account, snapshot, io2, 200, at("2027-03-11T01:00:00Z")),
                    Events.snapshotCompleted(account, snapshot, io2, 200, at("2027-03-11T02:00:00Z")),
                    Events.snapshotDeleted(account, snapshot, at("2027-03-16T02:00:00Z")),
                    Events.elasticIpAllocated(account, eip, MARCH),
                    Events.elasticIpAssociated(account, eip, instance, MARCH.plusSeconds(60)),
                    Events.elasticIpReleased(account, eip, MARCH.plusSeconds(36_000)));
            return new March(account, roles, events);
        }
    }

    void deliver(EventCodec.Encoded e) {
        switch (e.topic()) {
            case Topics.INSTANCE_EVENTS -> instanceEvents.onInstanceEvent(e.json()).await().indefinitely();
            case Topics.VOLUME_EVENTS -> volumeEvents.onVolumeEvent(e.json()).await().indefinitely();
            case Topics.NETWORK_EVENTS -> networkEvents.onNetworkEvent(e.json()).await().indefinitely();
            default -> throw new IllegalArgumentException(e.topic());
        }
    }

    /** Each key's events in their order, the keys interleaved at random, some events redelivered at once. */
    static List<EventCodec.Encoded> interleaved(List<EventCodec.Encoded> events, Random random, boolean twice) {
        Map<String, Deque<EventCodec.Encoded>> byKey = new LinkedHashMap<>();
        for (EventCodec.Encoded e : events) {
            byKey.computeIfAbsent(e.key(), k -> new ArrayDeque<>()).add(e);
        }
        if (twice) {
            byKey.values().forEach(q -> q.addAll(new ArrayList<>(q)));
        }
        List<Deque<EventCodec.Encoded>> queues = new ArrayList<>(byKey.values());
        List<EventCodec.Encoded> out = new ArrayList<>();
        while (!queues.isEmpty()) {
            Deque<EventCodec.Encoded> q = queues.get(random.nextInt(queues.size()));
            EventCodec.Encoded e = q.poll();
            out.add(e);
            if (!twice && random.nextInt(4) == 0) {
                out.add(e);
            }
            if (q.isEmpty()) {
                queues.remove(q);
            }
        }
        return out;
    }

    /** The invoice as role, meter, price key, seconds and amounts: comparable between accounts. */
    List<String> invoice(March m) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> invoices.closeMonth(YearMonth.of(2027, 3)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        JsonPath json = given().auth().oauth2(TestTokens.user(m.account())).when().get("/v1/billing/invoices/2027-03")
                .then().statusCode(200).extract().jsonPath();
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> l : json.<Map<String, Object>>getList("lines")) {
            lines.add(m.roles().get((String) l.get("resourceId")) + " " + l.get("meterKind") + " " + l.get("priceKey")
                    + " " + l.get("usageSeconds") + "s billed " + l.get("billedSeconds") + "s qty "
                    + l.get("quantitySeconds") + " " + l.get("unit") + "-s = " + l.get("amountUsd"));
        }
        Collections.sort(lines);
        lines.add("total " + json.getString("totalUsd") + " / " + json.getString("totalRoundedUsd"));
        return lines;
    }

    @Test
    void everyDeliveryOrderAndEveryReplayGivesTheSameInvoice() {
        Map<String, March> runs = new LinkedHashMap<>();
        March inOrder = March.fresh();
        inOrder.events().forEach(this::deliver);
        runs.put("in order", inOrder);

        March twice = March.fresh();
        interleaved(twice.events(), new Random(1), true).forEach(this::deliver);
        runs.put("every event twice", twice);

        for (long seed = 11; seed <= 14; seed++) {
            March m = March.fresh();
            interleaved(m.events(), new Random(seed), false).forEach(this::deliver);
            runs.put("partition order, seed " + seed, m);
        }
        for (long seed = 21; seed <= 22; seed++) {
            March m = March.fresh();
            List<EventCodec.Encoded> all = new ArrayList<>(m.events());
            all.addAll(m.events());
            Collections.shuffle(all, new Random(seed));
            all.forEach(this::deliver);
            runs.put("any order, seed " + seed, m);
        }

        clock.set(at("2027-04-05T00:00:00Z"));
        // by hand (30-day GB-month = 2,592,000 s):
        List<String> expected = new ArrayList<>(List.of(
                // t3.small: 45 s billed 60 s, then 2 h: 7260 s x 0.0208 / 3600 = 0.0419466..
                "instance instance-running t3.small 7245s billed 7260s qty 7260 instance-s = 0.041947",
                // 10 h and 2 h at 0.005/h
                "eip public-ipv4 public-ipv4 36000s billed 36000s qty 36000 address-s = 0.050000",
                "auto-ip public-ipv4 public-ipv4 7200s billed 7200s qty 7200 address-s = 0.010000",
                // io2: 100 GiB x 10 d + 200 GiB x 10 d = 259,200,000 GiB-s x 0.125 / 2,592,000
                "io2 volume-storage io2 1728000s billed 1728000s qty 259200000 GiB-s = 12.500000",
                // 2000 IOPS x 10 d + 3000 IOPS x 10 d = 4,320,000,000 IOPS-s x 0.065 / 2,592,000 = 108.333..
                "io2 volume-iops io2 1728000s billed 1728000s qty 4320000000 IOPS-s = 108.333333",
                // gp3 still existing: 27 days to the month's end, 50 GiB x 0.08 x 27/30; 3000 IOPS are included;
                // 375 MiB/s above the included 125: 375 x 0.04 x 27/30
                "gp3 volume-storage gp3 2332800s billed 2332800s qty 116640000 GiB-s = 3.600000",
                "gp3 volume-throughput gp3 2332800s billed 2332800s qty 874800000 MiBps-s = 13.500000",
                // 200 GiB x 5 d x 0.05 / 30 d
                "snapshot snapshot-storage snapshot 432000s billed 432000s qty 86400000 GiB-s = 1.666667"));
        Collections.sort(expected);
        expected.add("total 139.701947 / 139.70");
        for (Map.Entry<String, March> run : runs.entrySet()) {
            assertEquals(expected, invoice(run.getValue()), run.getKey());
        }
    }
}
