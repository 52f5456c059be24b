package dev.haneul.agent.driver.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one host command and waits for it: logs it, returns its stdout, and fails with its stderr (and exit code)
 * when it does not exit 0. Never through a shell unless the caller asks for {@code sh -c}.
 */
public final class Exec {
    private static final Logger LOG = Logger.getLogger(Exec.class);
    private static final long TIMEOUT_SECONDS = 600;
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-drain");
        t.setDaemon(true);
        return t;
    });

    private Exec() {
    }

    /** A command that exited non-zero (or could not start). */
    public static final class ExecException extends RuntimeException {
        private final int exitCode;

        ExecException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static String run(String... command) {
        return run(List.of(command), null);
    }

    public static String run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command} with {@code stdin} (may be null) and returns its stdout. */
    public static String run(List<String> command, String stdin) {
        Result r = attempt(command, stdin);
        if (r.exitCode != 0) {
            throw new ExecException("`" + String.join(" ", command) + "` exited " + r.exitCode + ": "
                    + (r.stderr.isBlank() ? r.stdout.strip() : r.stderr.strip()), r.exitCode);
        }
        return r.stdout;
    }

    /** Runs the command and returns whether it exited 0 (for probes and best-effort cleanup). */
    public static boolean succeeds(String... command) {
        return attempt(List.of(command), null).exitCode == 0;
    }

    /** Exit code, stdout and stderr of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result attempt(List<String> command, String stdin) {
        LOG.debugf("exec: %s", String.join(" ", command));
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).start();
        } catch (IOException e) {
            throw new ExecException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), -1);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.debugf("stdin of `%s` closed early: %s", command.get(0), e.getMessage());
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ExecException("`" + String.join(" ", command) + "` did not finish in "
                        + TIMEOUT_SECONDS + " s", -1);
            }
            Result r = new Result(p.exitValue(), out.join(), err.join());
            if (r.exitCode != 0) {
                LOG.debugf("exec: %s exited %d: %s", command.get(0), r.exitCode, r.stderr.strip());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new ExecException("interrupted while running `" + String.join(" ", command) + "`", -1);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINS);
    }
}
