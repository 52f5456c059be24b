package dev.haneul.volume.store;

import dev.haneul.events.volume.BlockStoreLayout;
import dev.haneul.volume.config.VolumeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * volume-service's side of the block store ({@link BlockStoreLayout}): a snapshot is a point-in-time copy of its
 * volume's file, taken when it is created; a volume made from a snapshot starts as a copy of the snapshot's file
 * (grown to the volume's size); deleted volumes and snapshots lose their files. Copies are sparse (and
 * reflinks where the filesystem can), made off the event loop; the caller continues on its own context, so a
 * copy can sit inside a transaction: a snapshot row never commits without its data. Without a configured store
 * ({@code haneul.volume.block-store}) every operation is a no-op: volumes are records only.
 */
@ApplicationScoped
public class BlockStore {
    private static final Logger LOG = Logger.getLogger(BlockStore.class);

    private final Optional<Path> root;
    private final Vertx vertx;

    @Inject
    public BlockStore(VolumeConfig config, Vertx vertx) {
        this(config.blockStore().filter(s -> !s.isBlank()).map(Path::of), vertx);
    }

    BlockStore(Optional<Path> root, Vertx vertx) {
        this.root = root;
        this.vertx = vertx;
    }

    public boolean enabled() {
        return root.isPresent();
    }

    /** Copies the volume's data (if it has any yet) as the snapshot's. */
    public Uni<Void> snapshot(String volumeId, String snapshotId) {
        return blocking(store -> copy(BlockStoreLayout.volume(store, volumeId),
                BlockStoreLayout.snapshot(store, snapshotId), 0));
    }

    /** The new volume starts with the snapshot's data (if it has any), grown to {@code sizeGib}. */
    public Uni<Void> restore(String snapshotId, String volumeId, int sizeGib) {
        return blocking(store -> copy(BlockStoreLayout.snapshot(store, snapshotId),
                BlockStoreLayout.volume(store, volumeId), sizeGib * (1L << 30)));
    }

    public Uni<Void> deleteVolumes(Collection<String> volumeIds) {
        return blocking(store -> volumeIds.forEach(id -> delete(BlockStoreLayout.volume(store, id))));
    }

    public Uni<Void> deleteSnapshot(String snapshotId) {
        return blocking(store -> delete(BlockStoreLayout.snapshot(store, snapshotId)));
    }

    private Uni<Void> blocking(Consumer<Path> work) {
        if (root.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // executeBlocking completes on the calling context: a Hibernate Reactive session continues where it was
        return Uni.createFrom().completionStage(() -> vertx.<Void>executeBlocking(() -> {
            work.accept(root.get());
            return null;
        }, false).toCompletionStage());
    }

    /** {@code from} to {@code to} (a temporary name, then renamed: never half a file); nothing if no {@code from}. */
    private static void copy(Path from, Path to, long atLeastBytes) {
        if (!Files.exists(from)) {
            return;
        }
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try {
            Files.createDirectories(to.getParent());
            run(List.of("cp", "--sparse=always", "--reflink=auto", from.toString(), tmp.toString()));
            if (atLeastBytes > 0) {
                try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
                    if (f.length() < atLeastBytes) {
                        f.setLength(atLeastBytes); // sparse: the filesystem inside keeps its size until resized
                    }
                }
            }
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.debugf("deleted %s", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 10 minutes");
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
