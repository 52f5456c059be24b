package dev.haneul.compute.catalog;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * The deadline of a CreateImage whose snapshot request got no answer: the image stays {@code pending} (its snapshot
 * may exist, and its {@code SnapshotCompleted} makes it available), and after {@code haneul.images.snapshot-deadline}
 * without one it becomes {@code failed} with its reason ({@link ImageService#failUnsnapshotted}). One replica at a time
 * (the kit's lock); {@value #BATCH} images a round.
 */
@ApplicationScoped
public class ImageSnapshotDeadline {
    static final int BATCH = 500;

    private final ImageService images;
    private final DistributedLocks locks;
    private final ComputeConfig config;
    private final Clock clock;

    public ImageSnapshotDeadline(ImageService images, DistributedLocks locks, ComputeConfig config, Clock clock) {
        this.images = images;
        this.locks = locks;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runRound("image-snapshot-deadline", Duration.ofMinutes(1), lease -> sweep().replaceWithVoid());
    }

    /** Fails the images past the deadline; answers how many. */
    public Uni<Integer> sweep() {
        return images.failUnsnapshotted(clock.instant().minus(config.images().snapshotDeadline()), BATCH);
    }
}
