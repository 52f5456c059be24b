package dev.haneul.volume.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.volume.BlockStoreLayout;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The block store's copies on real files: a snapshot is the volume as it was, a restore is sparse and grown. */
class BlockStoreTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    Vertx vertx;
    Path dir;
    BlockStore store;

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("haneul-blocks");
        store = new BlockStore(Optional.of(dir), vertx);
    }

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    @Test
    void aSnapshotIsTheVolumeAsItWasAndARestoredVolumeIsASparseGrownCopy() throws IOException, InterruptedException {
        Path volume = BlockStoreLayout.volume(dir, "vol-0a1");
        Files.createDirectories(volume.getParent());
        write(volume, 0, "before");
        write(volume, (64L << 20) - 5, "tail"); // 64 MiB, mostly a hole
        store.snapshot("vol-0a1", "snap-0b1").await().atMost(WAIT);
        write(volume, 0, "after!");

        Path snapshot = BlockStoreLayout.snapshot(dir, "snap-0b1");
        assertEquals("before", read(snapshot, 0, 6));
        assertEquals(64L << 20, Files.size(snapshot) + 1);
        assertEquals("after!", read(volume, 0, 6), "control: the volume itself moved on");

        store.restore("snap-0b1", "vol-0c1", 2).await().atMost(WAIT);
        Path restored = BlockStoreLayout.volume(dir, "vol-0c1");
        assertEquals("before", read(restored, 0, 6));
        assertEquals("tail", read(restored, (64L << 20) - 5, 4));
        assertEquals(2L << 30, Files.size(restored), "grown to the volume's 2 GiB");
        long kib = Long.parseLong(du(restored));
        assertTrue(kib < 8 * 1024, "the copy is sparse: " + kib + " KiB on disk for 2 GiB");

        store.deleteVolumes(List.of("vol-0a1", "vol-0c1")).await().atMost(WAIT);
        store.deleteSnapshot("snap-0b1").await().atMost(WAIT);
        assertFalse(Files.exists(volume) || Files.exists(restored) || Files.exists(snapshot));
    }

    @Test
    void aVolumeWithoutDataGivesASnapshotWithoutDataAndNoStoreDoesNothing() throws IOException {
        store.snapshot("vol-0d1", "snap-0e1").await().atMost(WAIT);
        assertFalse(Files.exists(BlockStoreLayout.snapshot(dir, "snap-0e1")));
        store.restore("snap-0e1", "vol-0f1", 1).await().atMost(WAIT);
        assertFalse(Files.exists(BlockStoreLayout.volume(dir, "vol-0f1")));

        Path volume = BlockStoreLayout.volume(dir, "vol-0a2");
        Files.createDirectories(volume.getParent());
        write(volume, 0, "data");
        BlockStore none = new BlockStore(Optional.empty(), vertx);
        assertFalse(none.enabled());
        none.snapshot("vol-0a2", "snap-0b2").await().atMost(WAIT);
        none.deleteVolumes(List.of("vol-0a2")).await().atMost(WAIT);
        assertFalse(Files.exists(BlockStoreLayout.snapshot(dir, "snap-0b2")));
        assertTrue(Files.exists(volume), "control: without a store nothing is deleted");
    }

    @Test
    void anIdThatIsNotAVolumeOrSnapshotIdNeverBecomesAPath() {
        for (String bad : new String[] {"vol-../../etc", "vol-", "snap-1", "vol-a/b", null}) {
            assertTrue(throwsIllegalArgument(() -> BlockStoreLayout.volume(dir, bad)), bad);
        }
        assertTrue(throwsIllegalArgument(() -> BlockStoreLayout.snapshot(dir, "snap-x.y")));
        assertEquals(dir.resolve("volumes/vol-0123abc.img"), BlockStoreLayout.volume(dir, "vol-0123abc"));
    }

    private static boolean throwsIllegalArgument(Runnable r) {
        try {
            r.run();
            return false;
        } catch (IllegalArgumentException expected) {
            return true;
        }
    }

    private static void write(Path f, long at, String s) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            raf.write(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(Path f, long at, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[n];
            raf.seek(at);
            raf.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String du(Path f) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-k", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.split("\\s+")[0];
    }
}
