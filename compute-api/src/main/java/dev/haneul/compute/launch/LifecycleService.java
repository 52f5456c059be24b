package dev.haneul.compute.launch;

import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.quota.VcpuQuota;
import dev.haneul.compute.saga.InstanceLifecycle;
import dev.haneul.compute.saga.InstanceStore;
import dev.haneul.compute.saga.UserAction;
import dev.haneul.events.HaneulEvent;
import dev.haneul.kit.CallerContext;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.retry.LostRace;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The user's lifecycle actions on one instance: stop, start, reboot, terminate. A start reserves vCPU quota in
 * Redis first, then its transaction takes the account's lock and checks the limit again in the database (as a
 * launch does), so a Redis loss between the reservation and the commit cannot let the limit slip; after the
 * commit the started instances are confirmed in Redis.
 */
@ApplicationScoped
public class LifecycleService {
    private final InstanceStore store;
    private final VcpuQuota quota;
    private final InstanceTypeCatalog types;

    public LifecycleService(InstanceStore store, VcpuQuota quota, InstanceTypeCatalog types) {
        this.store = store;
        this.quota = quota;
        this.types = types;
    }

    /** What an action did: EC2's previous and current state. */
    public record Change(String instanceId, InstanceState previous, InstanceState current) {
    }

    public Uni<Change> stop(String accountId, String instanceId, boolean force) {
        return act(accountId, instanceId, i -> InstanceLifecycle.stop(i, force, Instant.now()));
    }

    public Uni<Change> reboot(String accountId, String instanceId) {
        return act(accountId, instanceId, i -> InstanceLifecycle.reboot(i, Instant.now()));
    }

    public Uni<Change> terminate(String accountId, String instanceId) {
        return act(accountId, instanceId, LifecycleService::userTerminate);
    }

    private static List<HaneulEvent> userTerminate(Instance i) {
        UserAction.TERMINATE.check(i);
        return InstanceLifecycle.terminate(i, InstanceLifecycle.USER_SHUTDOWN,
                "Client.UserInitiatedShutdown: User initiated shutdown", Instant.now());
    }

    /**
     * One action on many instances, all or none, as EC2 does: every id is checked first (malformed, unknown or
     * another account's), then every instance against the action (a pending instance cannot stop, a stopped one
     * cannot reboot, a terminated one cannot start, a protected one cannot be terminated), and only when all
     * pass do they change, in one transaction. Starting many reserves the vCPU quota of all of them first and
     * gives it all back if any cannot start.
     */
    public Uni<List<Change>> batch(String accountId, List<String> ids, UserAction action, boolean force) {
        List<String> unique = ids.stream().distinct().toList();
        unique.forEach(InstanceQueries::checkId);
        if (action == UserAction.START) {
            return startAll(accountId, unique);
        }
        Function<Instance, List<HaneulEvent>> step = switch (action) {
            case STOP -> i -> InstanceLifecycle.stop(i, force, Instant.now());
            case REBOOT -> i -> InstanceLifecycle.reboot(i, Instant.now());
            default -> LifecycleService::userTerminate;
        };
        return LostRace.retried(() -> Panache.withTransaction(() -> InstanceQueries.allOwnedLocked(accountId, unique)
                .chain(found -> {
            found.forEach(action::check);
            return sequence(found, i -> {
                InstanceState before = i.state;
                return store.apply(i, step).map(after -> new Change(i.instanceId, before, after.state));
            });
        })));
    }

    private Uni<List<Change>> startAll(String accountId, List<String> ids) {
        Executor context = CallerContext.capture();
        return Panache.withSession(() -> InstanceQueries.allOwned(accountId, ids)).chain(found -> {
            found.forEach(UserAction.START::check);
            List<Instance> stopped = found.stream().filter(i -> i.state == InstanceState.STOPPED).toList();
            Uni<Void> reserved = Uni.createFrom().voidItem();
            for (Instance i : stopped) {
                reserved = reserved.chain(() -> quota.reserve(accountId, i.vcpus, 1, List.of(i.instanceId)))
                        .replaceWithVoid();
            }
            return reserved.chain(() -> AccountLock.ensure(accountId)).chain(() -> LostRace.retried(context, () -> Panache.withTransaction(
                    () -> AccountLock.lock(accountId).chain(() -> InstanceQueries.allOwned(accountId, ids))
                    .chain(fresh -> {
                        fresh.forEach(UserAction.START::check);
                        long adding = fresh.stream().filter(i -> i.state == InstanceState.STOPPED)
                                .mapToLong(i -> i.vcpus).sum();
                        return quota.checkInDatabase(accountId, adding).chain(() -> sequence(fresh, i -> {
                            InstanceState before = i.state;
                            return store.apply(i, x -> {
                                Instant now = Instant.now();
                                if (!InstanceLifecycle.start(x, now)) {
                                    return List.of();
                                }
                                var type = types.find(x.instanceType).orElseThrow();
                                return List.of(InstanceLifecycle.requested(x, type.family(), type.gpus(), now));
                            }).map(after -> new Change(i.instanceId, before, after.state));
                        }));
                    }))))
                    .call(changes -> confirmStarted(accountId, stopped, changes))
                    .onFailure().call(() -> releaseUnused(accountId, stopped));
        });
    }

    /** Makes sure Redis counts the instances that started (a flush may have lost their reservation). */
    private Uni<Void> confirmStarted(String accountId, List<Instance> reservedFor, List<Change> changes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Instance i : reservedFor) {
            boolean started = changes.stream().anyMatch(c -> c.instanceId().equals(i.instanceId)
                    && c.current() == InstanceState.PENDING);
            if (started) {
                chain = chain.chain(() -> quota.confirm(accountId, i.vcpus, List.of(i.instanceId)));
            }
        }
        return chain.onFailure().recoverWithNull();
    }

    /** Gives back the quota of instances that did not start after all (a refused or failed batch). */
    private Uni<Void> releaseUnused(String accountId, List<Instance> reservedFor) {
        List<String> ids = reservedFor.stream().map(i -> i.instanceId).toList();
        return Panache.withSession(() -> Instance.<Instance>list("instanceId in ?1", ids)).chain(now -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Instance i : now) {
                if (!i.state.holdsQuota()) {
                    chain = chain.chain(() -> quota.release(accountId, i.instanceId));
                }
            }
            return chain;
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static <T> Uni<List<Change>> sequence(List<T> items, Function<T, Uni<Change>> each) {
        Uni<List<Change>> chain = Uni.createFrom().item(new ArrayList<>());
        for (T item : items) {
            chain = chain.chain(done -> each.apply(item).map(c -> {
                done.add(c);
                return done;
            }));
        }
        return chain;
    }

    /** Start: quota first (outside the transaction), then the transition; the quota is returned if not used. */
    public Uni<Change> start(String accountId, String instanceId) {
        return Panache.withSession(() -> InstanceQueries.owned(accountId, instanceId))
                .chain(found -> found.state != InstanceState.STOPPED ? act(accountId, instanceId, i -> {
                    InstanceLifecycle.start(i, Instant.now());
                    return List.<HaneulEvent>of();
                }) : quota.reserve(accountId, found.vcpus, 1, List.of(instanceId))
                        .chain(() -> act(accountId, instanceId, true, i -> {
                            Instant now = Instant.now();
                            if (!InstanceLifecycle.start(i, now)) {
                                return List.of();
                            }
                            var type = types.find(i.instanceType).orElseThrow();
                            return List.of(InstanceLifecycle.requested(i, type.family(), type.gpus(), now));
                        }))
                        .call(change -> change.current() == InstanceState.PENDING
                                ? quota.confirm(accountId, found.vcpus, List.of(instanceId)).onFailure().recoverWithNull()
                                : quota.release(accountId, instanceId))
                        .onFailure().call(() -> Panache.withSession(() -> Instance.<Instance>findById(instanceId))
                                .chain(i -> i != null && i.state.holdsQuota() ? Uni.createFrom().voidItem()
                                        : quota.release(accountId, instanceId))));
    }

    private Uni<Change> act(String accountId, String instanceId, Function<Instance, List<HaneulEvent>> step) {
        return act(accountId, instanceId, false, step);
    }

    /**
     * The step in a transaction of its own. {@code starting}: the transaction begins with the account's lock and,
     * for a stopped instance, checks the vCPU limit in the database (the check that holds when Redis lost the
     * reservation).
     */
    private Uni<Change> act(String accountId, String instanceId, boolean starting,
            Function<Instance, List<HaneulEvent>> step) {
        InstanceQueries.checkId(instanceId);
        Executor context = CallerContext.capture();
        Uni<Void> ready = starting ? AccountLock.ensure(accountId) : Uni.createFrom().voidItem();
        return ready.chain(() -> LostRace.retried(context, () -> Panache.withTransaction(() -> (starting ? AccountLock.lock(accountId)
                        : Uni.createFrom().voidItem()).chain(() -> InstanceQueries.owned(accountId, instanceId))
                        .chain(i -> {
                            InstanceState before = i.state;
                            Uni<Void> check = starting && i.state == InstanceState.STOPPED
                                    ? quota.checkInDatabase(accountId, i.vcpus) : Uni.createFrom().voidItem();
                            return check.chain(() -> store.apply(i, step))
                                    .map(after -> new Change(instanceId, before, after.state));
                        }))));
    }
}
