package dev.haneul.compute.account;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.CallerContext;
import dev.haneul.kit.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where the slow hash of secrets runs ({@link Secrets}: 120,000 PBKDF2 rounds, tens of milliseconds of CPU):
 * <ul>
 * <li>off the event loop, on its own few threads ({@code haneul.tokens.hash-threads}, half the processors by
 * default) with a bounded queue ({@code hash-queue}); a check that finds the queue full is refused with 429
 * {@code RequestLimitExceeded}, so a flood of token requests costs at most those threads, never the worker pool
 * the rest of the API runs on;</li>
 * <li>an unknown or inactive access key id costs the same hash as a known one (against a stored hash made at
 * start), so the time of an answer does not tell whether a key id exists.</li>
 * </ul>
 * Counted in {@code haneul_auth_secret_checks_total}.
 */
@ApplicationScoped
public class SecretChecks {
    private final ThreadPoolExecutor pool;
    private final String nobodysHash = Secrets.hash(Secrets.newSecret());
    private final Counter checks;

    public SecretChecks(ComputeConfig config, MeterRegistry meters) {
        int threads = config.tokens().hashThreads() > 0 ? config.tokens().hashThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.tokens().hashQueue()), r -> {
                    Thread t = new Thread(r, "haneul-secret-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.checks = Counter.builder("haneul.auth.secret.checks").description("secrets checked against a hash")
                .register(meters);
    }

    /**
     * Whether {@code secret} matches {@code storedHash}; a null hash (no such key, or not active) is checked
     * against a hash nobody's secret matches, so it costs the same and answers false.
     */
    public Uni<Boolean> verify(String secret, String storedHash) {
        return run(() -> {
            checks.increment();
            return Secrets.verify(secret, storedHash != null ? storedHash : nobodysHash) && storedHash != null;
        });
    }

    /** {@link Secrets#hash} of a new secret, on the same bounded threads. */
    public Uni<String> hash(String secret) {
        return run(() -> Secrets.hash(secret));
    }

    /** Runs {@code work} on the hash threads and answers on the caller's Vert.x context (Hibernate Reactive's). */
    private <T> Uni<T> run(Supplier<T> work) {
        Executor back = CallerContext.capture();
        return Uni.createFrom().<T>emitter(e -> {
            try {
                pool.execute(() -> {
                    try {
                        T result = work.get();
                        back.execute(() -> e.complete(result));
                    } catch (RuntimeException failure) {
                        back.execute(() -> e.fail(failure));
                    }
                });
            } catch (RejectedExecutionException full) {
                e.fail(new ApiException(429, "RequestLimitExceeded", "Too many access keys are being checked at "
                        + "once. Retry after 1 s.", 1L));
            }
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
