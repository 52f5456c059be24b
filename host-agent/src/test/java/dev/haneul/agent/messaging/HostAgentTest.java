package dev.haneul.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.driver.Vm;
import dev.haneul.agent.fleet.Fleet;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.AttachVolume;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.DetachVolume;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostAgentTest {
    private static final String HOST = "host-agent-1-kr-central-1b-03";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    @Inject
    Fleet fleet;

    @Inject
    HypervisorDriver driver;

    private static String instanceId() {
        return "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }

    private static BootInstance boot(String hostId, String instanceId) {
        return new BootInstance(hostId, instanceId, "123456789012", 0, "t3.micro", 2, 1024, "ami-0123456789abcdef0",
                "10.0.0.5", "02:00:00:00:00:01", List.of(), null, null, null, null, List.of(), null, 0, null);
    }

    @Test
    void everyConfiguredHostIsRegistered() {
        assertEquals(12, fleet.size());
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            List<HostRegistered> registered = EventProbe.ofType(probe.awaitEvents(DEADLINE, es ->
                    EventProbe.ofType(es, HostRegistered.class).stream().map(HostRegistered::hostId)
                            .collect(Collectors.toSet()).size() == 12), HostRegistered.class);
            Set<String> ids = registered.stream().map(HostRegistered::hostId).collect(Collectors.toSet());
            assertTrue(ids.contains("host-agent-1-kr-central-1a-01"));
            assertTrue(ids.contains("host-agent-1-kr-central-1c-04"));
            HostRegistered one = registered.get(0);
            assertEquals(32, one.vcpus());
            assertEquals(131072, one.memoryMib());
            assertTrue(one.families().contains("m5"));
            assertTrue(one.rack().startsWith(one.availabilityZone() + "-rack-"));
        }
    }

    @Test
    void bootIsAnsweredWithInstanceBootedAndStopWithPoweredOff() {
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            EventProbe.publish(bootstrap, "compute-api", boot(HOST, id));
            List<InstanceBooted> booted = EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> EventProbe
                    .ofType(es, InstanceBooted.class).stream().anyMatch(b -> b.instanceId().equals(id))),
                    InstanceBooted.class);
            InstanceBooted b = booted.stream().filter(e -> e.instanceId().equals(id)).findFirst().orElseThrow();
            assertEquals(HOST, b.hostId());
            assertTrue(b.consoleOutput().contains(id));
            assertTrue(probe.records().stream().anyMatch(r -> HOST.equals(r.key())
                    && r.value().contains(id)), "keyed by the host id");

            EventProbe.publish(bootstrap, "compute-api", new StopInstance(HOST, id, 0, false));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstancePoweredOff.class).stream()
                    .anyMatch(p -> p.instanceId().equals(id)));
        }
    }

    @Test
    void destroyIsAnsweredWithInstanceDestroyedAndCancelsTheBoot() {
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            // the destroy right behind the boot, on the host's key: it arrives while the boot is pending
            EventProbe.sendAll(bootstrap, Topics.HOST_COMMANDS, HOST, List.of(
                    EventCodec.encode("compute-api", boot(HOST, id)).json(),
                    EventCodec.encode("compute-api", new DestroyInstance(HOST, id, 0)).json()));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceDestroyed.class).stream()
                    .anyMatch(d -> d.instanceId().equals(id)));
            assertTrue(driver.list().stream().noneMatch(v -> v.instanceId().equals(id)));

            // a later boot on the same host: its command is consumed after the destroy, its boot is due after the
            // cancelled one's, and its InstanceBooted comes on the host's key, so once that arrives an InstanceBooted
            // of the destroyed instance would have been read before it
            String marker = instanceId();
            EventProbe.publish(bootstrap, "compute-api", boot(HOST, marker));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceBooted.class).stream()
                    .anyMatch(b -> b.instanceId().equals(marker)));
            assertTrue(EventProbe.ofType(probe.events(), InstanceBooted.class).stream()
                    .noneMatch(b -> b.instanceId().equals(id)), "the destroyed instance was never reported booted");
        }
    }

    @Test
    void attachAndDetachVolumeAreAnsweredAndRecordedIdempotently() {
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            EventProbe.publish(bootstrap, "compute-api", boot(HOST, id));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceBooted.class).stream()
                    .anyMatch(b -> b.instanceId().equals(id)));

            AttachVolume attach = new AttachVolume(HOST, id, "123456789012", 0, "vol-0123456789abcdef0", "/dev/sdf",
                    8);
            EventProbe.publish(bootstrap, "volume-service", attach);
            EventProbe.publish(bootstrap, "volume-service", attach);
            List<VolumeAttachedToHost> attached = EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> EventProbe
                    .ofType(es, VolumeAttachedToHost.class).stream().filter(a -> a.instanceId().equals(id))
                    .count() == 2), VolumeAttachedToHost.class).stream().filter(a -> a.instanceId().equals(id)).toList();
            assertTrue(attached.stream().allMatch(a -> a.hostId().equals(HOST)
                    && a.volumeId().equals("vol-0123456789abcdef0") && a.device().equals("/dev/sdf")));
            assertEquals(Map.of("vol-0123456789abcdef0", "/dev/sdf"), vm(id).volumes());

            EventProbe.publish(bootstrap, "volume-service",
                    new DetachVolume(HOST, id, "123456789012", 0, "vol-0123456789abcdef0", "/dev/sdf", false));
            // a volume the host never had is answered detached too
            EventProbe.publish(bootstrap, "volume-service",
                    new DetachVolume(HOST, id, "123456789012", 0, "vol-0fedcba9876543210", "/dev/sdg", true));
            List<VolumeDetachedFromHost> detached = EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> EventProbe
                    .ofType(es, VolumeDetachedFromHost.class).stream().filter(d -> d.instanceId().equals(id))
                    .count() == 2), VolumeDetachedFromHost.class).stream().filter(d -> d.instanceId().equals(id))
                    .toList();
            assertEquals(Set.of("vol-0123456789abcdef0", "vol-0fedcba9876543210"),
                    detached.stream().map(VolumeDetachedFromHost::volumeId).collect(Collectors.toSet()));
            assertTrue(vm(id).volumes().isEmpty());
        }
    }

    private Vm vm(String instanceId) {
        return driver.list().stream().filter(v -> v.instanceId().equals(instanceId)).findFirst().orElseThrow();
    }

    @Test
    void commandsForHostsOfAnotherAgentAreIgnored() {
        String foreign = instanceId();
        String mine = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            // same key, so the same partition: once the second is answered the first was seen and ignored
            EventProbe.send(bootstrap, Topics.HOST_COMMANDS, HOST,
                    EventCodec.encode("compute-api", boot("host-agent-9-kr-central-1a-01", foreign)).json());
            EventProbe.publish(bootstrap, "compute-api", boot(HOST, mine));
            List<InstanceBooted> booted = EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> EventProbe
                    .ofType(es, InstanceBooted.class).stream().anyMatch(b -> b.instanceId().equals(mine))),
                    InstanceBooted.class);
            assertTrue(booted.stream().noneMatch(b -> b.instanceId().equals(foreign)));
            assertTrue(driver.list().stream().noneMatch(v -> v.instanceId().equals(foreign)));
        }
    }
}
