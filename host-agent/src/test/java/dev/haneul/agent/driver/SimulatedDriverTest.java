package dev.haneul.agent.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDriverTest {
    @TempDir
    Path dir;

    private final Recorder recorder = new Recorder();
    private final List<SimulatedDriver> drivers = new CopyOnWriteArrayList<>();

    private SimulatedDriver driver(Duration bootDelay) {
        SimulatedDriver d = new SimulatedDriver(new StateStore(dir.resolve("agent.json")), bootDelay);
        drivers.add(d);
        return d;
    }

    @AfterEach
    void close() {
        drivers.forEach(SimulatedDriver::close);
    }

    private static BootSpec spec(String instanceId) {
        return new BootSpec("host-a", instanceId, "123456789012", 0, "t3.micro", 2, 1024, "ami-1");
    }

    @Test
    void bootCompletesAfterTheDelayAndABootOfARunningInstanceIsAnsweredAgain() {
        SimulatedDriver d = driver(Duration.ofMillis(50));
        d.start(recorder);
        d.boot(spec("i-1"));
        assertEquals(VmState.BOOTING, d.list().get(0).state());
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 1);
        assertEquals(VmState.RUNNING, d.list().get(0).state());
        assertTrue(recorder.booted.get(0).consoleOutput().contains("i-1"));

        d.boot(spec("i-1"));
        assertEquals(2, recorder.booted.size());
        assertEquals(1, d.list().size());
    }

    @Test
    void destroyCancelsABootInProgress() throws InterruptedException {
        // the timer that completes boots is held until the destroy is done, so i-2's boot is still in progress then
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        timer.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        SimulatedDriver d = new SimulatedDriver(new StateStore(dir.resolve("agent.json")), Duration.ofMillis(1), timer);
        drivers.add(d);
        d.start(recorder);
        d.boot(spec("i-2"));
        d.destroy("host-a", "i-2", 0);
        assertEquals(List.of("i-2"), recorder.destroyed);
        assertTrue(d.list().isEmpty());
        release.countDown();
        d.boot(spec("i-3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 1);
        assertEquals("i-3", recorder.booted.get(0).instanceId());
    }

    @Test
    void stopPowersOffAndAStoppedInstanceBootsAgainForTheNextAttempt() {
        SimulatedDriver d = driver(Duration.ofMillis(10));
        d.start(recorder);
        d.boot(spec("i-4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 1);
        d.stop("host-a", "i-4", 0);
        assertEquals(VmState.STOPPED, d.list().get(0).state());
        assertEquals(1, recorder.poweredOff.size());
        d.boot(new BootSpec("host-a", "i-4", "123456789012", 1, "t3.micro", 2, 1024, "ami-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 2);
        assertEquals(1, recorder.booted.get(1).attempt());
    }

    @Test
    void stateSurvivesAReloadAndAnUnfinishedBootResumes() {
        SimulatedDriver first = driver(Duration.ofMillis(10));
        first.start(recorder);
        first.boot(spec("i-5"));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 1);
        SimulatedDriver crashed = driver(Duration.ofHours(1));
        crashed.boot(spec("i-6"));   // accepted, then the agent "dies" before the boot completes
        crashed.close();

        SimulatedDriver restarted = driver(Duration.ofHours(1));
        assertEquals(2, restarted.list().size());
        assertEquals(VmState.RUNNING, restarted.list().stream().filter(v -> v.instanceId().equals("i-5"))
                .findFirst().orElseThrow().state());
        Recorder after = new Recorder();
        // the resumed boot keeps its original due time (an hour away), so make it due now through the store
        StateStore store = new StateStore(dir.resolve("agent.json"));
        store.save(store.load().stream().map(v -> v.state() == VmState.BOOTING
                ? v.with(VmState.BOOTING, v.attempt(), Instant.now(), null) : v).toList());
        SimulatedDriver resumed = driver(Duration.ofHours(1));
        resumed.start(after);
        await().atMost(Duration.ofSeconds(10)).until(() -> after.booted.size() == 1);
        assertEquals("i-6", after.booted.get(0).instanceId());
    }

    @Test
    void volumesAttachAndDetachIdempotentlyAndSurviveAReload() {
        SimulatedDriver d = driver(Duration.ofMillis(10));
        d.start(recorder);
        d.boot(spec("i-7"));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.booted.size() == 1);

        d.attachVolume("host-a", "i-7", "vol-1", "/dev/sdf", 8);
        d.attachVolume("host-a", "i-7", "vol-1", "/dev/sdf", 8);
        assertEquals(List.of("vol-1@/dev/sdf", "vol-1@/dev/sdf"), recorder.attached, "a repeat is answered again");
        assertEquals(Map.of("vol-1", "/dev/sdf"), d.list().get(0).volumes());
        assertEquals(Map.of("vol-1", "/dev/sdf"),
                driver(Duration.ofMillis(10)).list().get(0).volumes(), "the attachment is in the state file");

        d.detachVolume("host-a", "i-7", "vol-1", "/dev/sdf", false);
        d.detachVolume("host-a", "i-7", "vol-1", "/dev/sdf", false);
        d.detachVolume("host-a", "i-unknown", "vol-2", "/dev/sdg", true);
        assertEquals(List.of("vol-1@/dev/sdf", "vol-1@/dev/sdf", "vol-2@/dev/sdg"), recorder.detached,
                "a detach of an unknown volume or instance is answered detached");
        assertTrue(d.list().get(0).volumes().isEmpty());

        d.attachVolume("host-a", "i-unknown", "vol-3", "/dev/sdh", 8);
        assertEquals(2, recorder.attached.size(), "an attach to an instance the host does not hold is not answered");
    }

    /** Records what the driver reports. */
    static final class Recorder implements DriverListener {
        final List<Vm> booted = new CopyOnWriteArrayList<>();
        final List<Vm> poweredOff = new CopyOnWriteArrayList<>();
        final List<String> destroyed = new CopyOnWriteArrayList<>();
        final List<String> attached = new CopyOnWriteArrayList<>();
        final List<String> detached = new CopyOnWriteArrayList<>();

        @Override
        public void volumeAttached(String hostId, String instanceId, String volumeId, String device) {
            attached.add(volumeId + "@" + device);
        }

        @Override
        public void volumeDetached(String hostId, String instanceId, String volumeId, String device) {
            detached.add(volumeId + "@" + device);
        }

        @Override
        public void booted(Vm vm) {
            booted.add(vm);
        }

        @Override
        public void poweredOff(Vm vm) {
            poweredOff.add(vm);
        }

        @Override
        public void destroyed(String hostId, String instanceId, int attempt) {
            destroyed.add(instanceId);
        }
    }
}
