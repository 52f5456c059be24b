package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.quota.AccountQuotas;
import dev.haneul.compute.quota.VcpuQuota;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.saga.InstanceStore;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A saga step that ends an instance's hold on capacity commits even when Redis cannot be reached (issue 17,
 * defect 7): the quota is given back later by the reconciler instead of the step failing, being retried and
 * holding up every later event of its partition.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class QuotaReleaseWithoutRedisTest {
    @KafkaBootstrap
    String kafka;

    @Inject
    Outbox outbox;

    @Inject
    AccountQuotas quotas;

    @Inject
    Vertx vertx;

    @Test
    void aTerminationCommitsWhileRedisIsDown() throws Throwable {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        Redis down = Redis.createClient(vertx, "redis://127.0.0.1:1");
        try {
            InstanceStore withoutRedis = new InstanceStore(outbox,
                    new VcpuQuota(new ReactiveRedisDataSourceImpl(vertx, down, RedisAPI.api(down)), quotas));
            // a pending instance no host holds yet ends terminated at once, and stops holding its vCPUs
            var after = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> withoutRedis.apply(id,
                    i -> InstanceLifecycle.terminate(i, InstanceLifecycle.USER_SHUTDOWN, "bye", Instant.now()))));
            assertEquals(InstanceState.TERMINATED, after.state);
        } finally {
            down.close();
        }
        assertEquals("terminated", d.state(id));
    }
}
