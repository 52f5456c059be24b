import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launch benchmark: N single-instance launches through the gateway with C in flight at once, against the
 * simulated fleet. Measures, per instance, the time from sending the request to the moment the instance
 * became running (its launchTime, stamped by the host agent on the same machine), and the throughput.
 *
 * Usage: java bench/LaunchBench.java <gatewayUrl> <credentialsFile> <count> <concurrency> <instanceType>
 * (run through ./haneul bench launch, which starts a dedicated stack first).
 */
public class LaunchBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String creds = Files.readString(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String type = args[4];
        String token = field(post(url + "/v1/auth/token", null, "{\"accessKeyId\":\"" + ini(creds, "aws_access_key_id")
                + "\",\"secretAccessKey\":\"" + ini(creds, "aws_secret_access_key") + "\"}"), "token");

        // warm-up: one launch end to end, not measured
        List<String> warm = launchAndWait(url, token, 1, 1, type, new ConcurrentHashMap<>(), new ArrayList<>());
        terminate(url, token, warm);

        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        List<Long> apiMillis = Collections.synchronizedList(new ArrayList<>());
        Instant start = Instant.now();
        List<String> ids = launchAndWait(url, token, count, concurrency, type, sentAt, apiMillis);
        List<Long> toRunning = new ArrayList<>();
        Instant lastRunning = start;
        for (String id : ids) {
            Instant launched = Instant.parse(field(get(url + "/v1/instances/" + id, token), "launchTime"));
            toRunning.add(Duration.between(sentAt.get(id), launched).toMillis());
            if (launched.isAfter(lastRunning)) {
                lastRunning = launched;
            }
        }
        double seconds = Duration.between(start, lastRunning).toMillis() / 1000.0;
        Collections.sort(toRunning);
        Collections.sort(apiMillis);
        System.out.printf("launches: %d (%s, %d in flight)%n", ids.size(), type, concurrency);
        System.out.printf("throughput: %.1f launches/s (first request to last running: %.2f s)%n",
                ids.size() / seconds, seconds);
        System.out.printf("request -> running: p50 %d ms, p99 %d ms, max %d ms%n", pct(toRunning, 50),
                pct(toRunning, 99), toRunning.get(toRunning.size() - 1));
        System.out.printf("POST /v1/instances answer: p50 %d ms, p99 %d ms%n", pct(apiMillis, 50), pct(apiMillis, 99));
        terminate(url, token, ids);
    }

    static List<String> launchAndWait(String url, String token, int count, int concurrency, String type,
            Map<String, Instant> sentAt, List<Long> apiMillis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<String>> futures = new ArrayList<>();
        String body = "{\"imageId\":\"ami-0a1b2c3d4e5f60001\",\"instanceType\":\"" + type + "\"}";
        for (int n = 0; n < count; n++) {
            futures.add(pool.submit(() -> {
                Instant sent = Instant.now();
                String answer = post(url + "/v1/instances", token, body);
                apiMillis.add(Duration.between(sent, Instant.now()).toMillis());
                String id = field(answer, "instanceId");
                sentAt.put(id, sent);
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        pool.shutdown();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        for (String id : ids) {
            while (true) {
                String state = field(field(get(url + "/v1/instances/" + id, token), "state", true), "name");
                if (state.equals("running")) {
                    break;
                }
                if (state.equals("terminated") || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(id + " ended " + state + ": " + get(url + "/v1/instances/" + id, token));
                }
                Thread.sleep(50); // polling a remote state; the figures come from launchTime, not from this loop
            }
        }
        return ids;
    }

    static void terminate(String url, String token, List<String> ids) throws Exception {
        for (String id : ids) {
            HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/instances/" + id)).DELETE()
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                return r.body();
            }
            if (r.statusCode() != 429 && r.statusCode() != 503 || attempt > 50) {
                throw new IllegalStateException("POST " + url + " -> " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(100);
        }
    }

    static String get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        return field(json, name, false);
    }

    /** The first value of a field in a JSON text (a string, or with {@code object} the {...} text). */
    static String field(String json, String name, boolean object) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*" + (object ? "(\\{[^}]*\\})" : "\"([^\"]*)\""))
                .matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String ini(String text, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "\\s*=\\s*(\\S+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + key);
        }
        return m.group(1);
    }
}
