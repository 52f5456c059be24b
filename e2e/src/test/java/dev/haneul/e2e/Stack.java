package dev.haneul.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole Haneul control plane started with {@code ./haneul up} in its own state directory, on spare ports,
 * with its own databases, Redis database and Kafka broker, so it never meets a developer's running stack.
 */
final class Stack implements AutoCloseable {
    final Path repo = Path.of(System.getProperty("haneul.repo", "..")).toAbsolutePath().normalize();
    final Path home;
    final int portBase;
    final int kafkaPort;
    final Map<String, String> env = new HashMap<>();

    /** The shared stack: simulated hosts (two per zone), quick boots. */
    Stack() {
        this("stack", 18080, 19092, "haneul_e2e", 2, Map.of("HANEUL_DRIVER", "simulated",
                "HANEUL_AGENT_HOSTS_PER_AZ", "2", "HANEUL_AGENT_BOOT_DELAY", "200ms"));
    }

    /** A stack in {@code e2e/target/<dir>} with its own ports, databases and Redis database. */
    Stack(String dir, int portBase, int kafkaPort, String dbPrefix, int redisDb, Map<String, String> settings) {
        this.home = repo.resolve("e2e/target/" + dir);
        this.portBase = portBase;
        this.kafkaPort = kafkaPort;
        env.putAll(Map.of("HANEUL_HOME", home.toString(), "HANEUL_PORT_BASE", String.valueOf(portBase),
                "HANEUL_KAFKA_PORT", String.valueOf(kafkaPort), "HANEUL_DB_PREFIX", dbPrefix,
                "HANEUL_REDIS_DB", String.valueOf(redisDb)));
        env.putAll(settings);
    }

    {
        // the tests fire requests much faster than EC2's default buckets allow one account
        env.put("HANEUL_RATE_LIMITS_DESCRIBE_CAPACITY", "5000");
        env.put("HANEUL_RATE_LIMITS_MUTATING_CAPACITY", "5000");
        env.put("HANEUL_RATE_LIMITS_LAUNCH_CAPACITY", "500");
    }

    /** The state directory ({@code HANEUL_HOME}): credentials, config, logs. */
    Path home() {
        return home;
    }

    String gateway() {
        return "http://127.0.0.1:" + portBase;
    }

    String kafka() {
        return "127.0.0.1:" + kafkaPort;
    }

    void up(String... flags) {
        String[] cmd = new String[flags.length + 2];
        cmd[0] = repo.resolve("haneul").toString();
        cmd[1] = "up";
        System.arraycopy(flags, 0, cmd, 2, flags.length);
        run("up", cmd);
    }

    @Override
    public void close() {
        run("down", repo.resolve("haneul").toString(), "down");
    }

    /** The admin's access key id and secret, as {@code up} wrote them in the AWS CLI credentials file. */
    String[] credentials() throws IOException {
        String text = Files.readString(home.resolve("credentials"));
        return new String[] { field(text, "aws_access_key_id"), field(text, "aws_secret_access_key") };
    }

    /** What a {@code ./haneul} command printed and how it ended. */
    record Result(int exit, String output) {
    }

    /** Runs {@code ./haneul <args>} on this stack and returns its exit code and output, whatever they are. */
    Result haneul(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = repo.resolve("haneul").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("./haneul " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs one SQL statement in a service's database (e.g. {@code scheduler}) as that service's own user. */
    void sql(String database, String statement) {
        try {
            String db = env.get("HANEUL_DB_PREFIX") + "_" + database;
            String password = Files.readString(home.resolve("secrets/db-" + database + ".password")).trim();
            Process p = new ProcessBuilder("mariadb", "-h127.0.0.1", "-u" + db, "-p" + password, db, "-e",
                    statement).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("SQL failed in " + db + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pid of a part the stack started (e.g. {@code scheduler}). */
    long pid(String part) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("pids/" + part + ".pid")).trim());
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s*=\\s*(\\S+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + " is missing from the credentials file");
        }
        return m.group(1);
    }

    private void run(String what, String... cmd) {
        try {
            Files.createDirectories(home);
            Path log = home.resolve("haneul-" + what + ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("./haneul " + what + " did not finish");
            }
            String out = Files.readString(log);
            System.out.println(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("./haneul " + what + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
