package dev.haneul.compute.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** compute-api's settings ({@code haneul.*}); in production they come from HANEUL_* environment variables. */
@ConfigMapping(prefix = "haneul")
public interface ComputeConfig {

    /** The region, e.g. kr-central-1. */
    @WithDefault("kr-central-1")
    String region();

    /** The availability zones of the region. */
    @WithDefault("kr-central-1a,kr-central-1b,kr-central-1c")
    List<String> availabilityZones();

    Bootstrap bootstrap();

    AccessKeys accessKeys();

    Tokens tokens();

    Quotas quotas();

    Saga saga();

    Launch launch();

    InstanceTypes instanceTypes();

    Images images();

    Audit audit();

    /** The first admin account, created on first start when no account exists. */
    interface Bootstrap {
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    interface AccessKeys {
        /**
         * The file (a path, else a classpath resource) holding base64 of the 32-byte AES key that seals a copy of
         * each access key's secret ({@code SecretSeal}, env {@code HANEUL_ACCESS_KEY_SEAL_KEY}); without it no copy
         * is sealed and AWS Signature V4 cannot be verified.
         */
        Optional<String> sealKey();
    }

    interface Tokens {
        /** How long a bearer token is valid. */
        @WithDefault("1h")
        Duration ttl();

        /**
         * Whether the token endpoint is throttled ({@code per-source-*}, {@code per-key-*}); apart from the
         * accounts' API rate limits ({@code haneul.rate-limits.enabled}): the token endpoint has no account.
         */
        @WithDefault("true")
        boolean throttled();

        /** Token requests from one source address: a bucket of this many, refilled this many a second. */
        @WithDefault("100")
        int perSourceCapacity();

        @WithDefault("10")
        double perSourceRefillPerSecond();

        /** Token requests naming one access key id (right or wrong secret): a bucket, as above. */
        @WithDefault("20")
        int perKeyCapacity();

        @WithDefault("1")
        double perKeyRefillPerSecond();

        /** Threads checking secrets (the slow hash); 0: half the processors, at least one. */
        @WithDefault("0")
        int hashThreads();

        /** Secret checks waiting for a thread; one more is refused with RequestLimitExceeded. */
        @WithDefault("64")
        int hashQueue();

        /**
         * The peers whose {@code X-Real-IP} header names the client (the gateway), as CIDRs; a request from any
         * other peer is counted under the peer's own address.
         */
        @WithDefault("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16")
        List<String> trustedProxies();
    }

    interface Quotas {
        /** Default on-demand vCPU limit per account (pending + running). */
        @WithDefault("64")
        int vcpus();

        /** Default key pairs per account (EC2: 5,000). */
        @WithDefault("5000")
        int keyPairs();

        /** Active access keys per account (IAM: 2). */
        @WithDefault("2")
        int accessKeys();

        /**
         * How often the vCPU quota reconciler compares the Redis counters with the database and repairs drift
         * ({@code VcpuQuotaReconciler}, which reads this key in its schedule).
         */
        @WithDefault("1m")
        Duration reconcileInterval();
    }

    interface Saga {
        /** How long to wait for a host's answer to a command before sending it again. */
        @WithDefault("30s")
        Duration commandTimeout();

        /** How many times a command is sent before the instance is given up (terminated / marked). */
        @WithDefault("3")
        int commandTries();

        /**
         * How long the launch's steps before the boot (schedule, network, volumes) have to answer an attempt's
         * {@code InstanceRequested} before it is published again; long enough for a backlog or a broker outage to
         * drain, since the participants answer a repeated request at no cost but the watchdog's round does not.
         */
        @WithDefault("2m")
        Duration stepTimeout();

        /** How many times {@code InstanceRequested} is published before the launch ends with Server.InternalError. */
        @WithDefault("3")
        int stepTries();

        /** How long terminated instances stay listed. */
        @WithDefault("1h")
        Duration terminatedVisibility();
    }

    interface Launch {
        /**
         * How long a client token answers its first launch (its {@code launch_request} row, then deleted by
         * {@code ClientTokenRetention}; a retry after that launches anew). EC2 keeps a token for at least 24 hours.
         */
        @WithDefault("7d")
        Duration clientTokenRetention();
    }

    interface Images {
        /**
         * How long a CreateImage whose snapshot request got no answer (timeout, reset) waits for volume-service's
         * {@code SnapshotCompleted} before the image is {@code failed}; longer than a large snapshot takes.
         */
        @WithDefault("30m")
        Duration snapshotDeadline();
    }

    interface InstanceTypes {
        /** Extra types: name → vcpus:memoryMib[:gpus]. */
        Map<String, String> extra();
    }

    /** The consistency audit ({@code GET /v1/admin/audit}). */
    interface Audit {
        /** Instances whose state changed this recently are in flight in the saga and not judged. */
        @WithDefault("60s")
        Duration inFlight();

        /** The most instances read of each service (and of compute-api's running and stopped ones). */
        @WithDefault("10000")
        int maxInstances();

        /** How long one page of a service's audit may take to arrive. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * No page of a service is asked for after this long (the rest is reported not read), so that the audit
         * answers within the gateway's 60 s: at most this plus one {@link #timeout()}.
         */
        @WithDefault("40s")
        Duration budget();

        /** The audited services: name → base URL (scheduler, network, volume, billing). */
        Map<String, String> services();
    }
}
