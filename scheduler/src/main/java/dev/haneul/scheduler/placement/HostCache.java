package dev.haneul.scheduler.placement;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One scheduler replica's in-memory view of the fleet, so a placement ranks hosts without reading thousands of
 * rows. It is only a hint: the claim is a conditional {@code UPDATE} that checks the capacity on the latest
 * committed row, so a stale view can cost a failed claim (the host is then re-read) but never an over-commit.
 * <ul>
 * <li>A zone is read in full the first time it is asked for, and again every {@code fullReload}.</li>
 * <li>Every {@code refresh} at most, the placement that asks re-reads only the rows whose {@code changed_at}
 * moved since the last refresh (minus an overlap that covers transactions still committing then): the claims,
 * releases, admin flags, liveness transitions and registrations of every replica. Heartbeats do not stamp
 * {@code changed_at} (they would make every refresh re-read the whole fleet).</li>
 * <li>Every {@code lastSeenRefresh} at most, the placement that asks reads every host's {@code last_seen_at} (two
 * columns, one light query) and moves the hosts' {@code lastSeenAt} forward, so the {@code alive} filter judges
 * on heartbeats at most that much (plus the heartbeat flush interval) older than the database's.</li>
 * <li>A successful claim of this replica updates its view at once; a failed one re-reads that host.</li>
 * <li>Before refusing a request for want of capacity, the placement asks for {@link #fresh(String)}: the zone
 * as the database has it now, read in full. A refusal is never decided on the view alone, however recently the
 * view was read: a host enabled, drained back or released a moment ago takes the request.</li>
 * </ul>
 * Both refreshes are native SQL on the reactive client ({@link HostStore#changedSince}, {@link HostStore#lastSeen}).
 * With {@code refresh} zero the cache is off: every placement reads its zone from the database.
 * Not a CDI bean on its own: {@link HostCacheProducer} makes the application's one; tests and the benchmark make
 * one per simulated replica.
 */
public class HostCache {
    /** How often the views re-read every host's last heartbeat unless told otherwise. */
    public static final Duration LAST_SEEN_REFRESH = Duration.ofSeconds(5);

    private final HostStore store;
    private final long lastSeenRefreshNanos;
    private final AtomicBoolean refreshingLastSeen = new AtomicBoolean();
    private final AtomicLong lastSeenRefreshes = new AtomicLong();
    private final AtomicLong lastSeenRefreshTime = new AtomicLong();
    private volatile long lastSeenRefreshedAt = System.nanoTime();
    private final long refreshNanos;
    private final long fullReloadNanos;
    private final Duration overlap;
    private final Map<String, Zone> zones = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong refreshedRows = new AtomicLong();
    private final AtomicLong refreshTime = new AtomicLong();
    private volatile LocalDateTime since;
    private volatile long lastRefresh = System.nanoTime();

    private static final class Zone {
        final Map<String, HostState> hosts;
        final long loadedAt;

        Zone(List<HostState> hosts) {
            this.hosts = new ConcurrentHashMap<>(hosts.stream().collect(Collectors.toMap(HostState::hostId, h -> h)));
            this.loadedAt = System.nanoTime();
        }
    }

    public HostCache(HostStore store, Duration refresh, Duration fullReload, Duration overlap) {
        this(store, refresh, fullReload, overlap, LAST_SEEN_REFRESH);
    }

    public HostCache(HostStore store, Duration refresh, Duration fullReload, Duration overlap,
            Duration lastSeenRefresh) {
        this.store = store;
        this.lastSeenRefreshNanos = lastSeenRefresh.toNanos();
        this.refreshNanos = refresh.toNanos();
        this.fullReloadNanos = fullReload.toNanos();
        this.overlap = overlap;
    }

    public boolean enabled() {
        return refreshNanos > 0;
    }

    /** The hosts of the zone as this replica last saw them (refreshing what changed when due). */
    public Uni<Collection<HostState>> hosts(String availabilityZone) {
        if (!enabled()) {
            return store.inZone(availabilityZone).map(l -> l);
        }
        Zone zone = zones.get(availabilityZone);
        long now = System.nanoTime();
        if (zone == null || now - zone.loadedAt > fullReloadNanos) {
            return load(availabilityZone);
        }
        Uni<Void> due = null;
        if (now - lastRefresh > refreshNanos && refreshing.compareAndSet(false, true)) {
            due = refresh().eventually(() -> refreshing.set(false));
        }
        if (now - lastSeenRefreshedAt > lastSeenRefreshNanos && refreshingLastSeen.compareAndSet(false, true)) {
            Uni<Void> seen = refreshLastSeen().eventually(() -> refreshingLastSeen.set(false));
            due = due == null ? seen : due.chain(() -> seen);
        }
        return due == null ? Uni.createFrom().item(zone.hosts.values()) : due.map(v -> zone.hosts.values());
    }

    /**
     * The zone as the database has it now: every change committed before this call is in it (and the view takes
     * it). Only refusals ask for it, so its cost is one zone read per refused request.
     */
    public Uni<Collection<HostState>> fresh(String availabilityZone) {
        return enabled() ? load(availabilityZone) : store.inZone(availabilityZone).map(l -> l);
    }

    /** This replica claimed the request's capacity on the host: its view follows at once. */
    public void claimed(HostState host, PlacementRequest request) {
        Zone zone = zones.get(host.availabilityZone());
        if (zone != null) {
            zone.hosts.computeIfPresent(host.hostId(), (id, h) -> h.withClaim(request));
        }
    }

    /** A host re-read from the database (after a failed claim); null when it no longer exists. */
    public void update(String hostId, HostState fresh) {
        if (fresh == null) {
            zones.values().forEach(z -> z.hosts.remove(hostId));
            return;
        }
        put(fresh);
    }

    private void put(HostState h) {
        for (Map.Entry<String, Zone> e : zones.entrySet()) {
            if (e.getKey().equals(h.availabilityZone())) {
                // last_seen_at only moves forward: a row read before the latest last-seen refresh must not undo it
                e.getValue().hosts.merge(h.hostId(), h, (old, fresh) -> fresh.withLastSeen(old.lastSeenAt()));
            } else {
                e.getValue().hosts.remove(h.hostId());   // moved to another zone (re-registered)
            }
        }
    }

    private Uni<Collection<HostState>> load(String availabilityZone) {
        Uni<LocalDateTime> anchor = since == null ? store.databaseNow() : Uni.createFrom().item(since);
        return anchor.chain(t -> store.inZone(availabilityZone).map(list -> {
            if (since == null) {
                since = t.minus(overlap);
            }
            Zone z = new Zone(list);
            zones.put(availabilityZone, z);
            return z.hosts.values();
        }));
    }

    private Uni<Void> refresh() {
        LocalDateTime from = since;
        long t0 = System.nanoTime();
        return store.databaseNow().chain(now -> store.changedSince(from).invoke(changed -> {
            changed.forEach(this::put);
            since = now.minus(overlap);
            lastRefresh = System.nanoTime();
            refreshes.incrementAndGet();
            refreshedRows.addAndGet(changed.size());
            refreshTime.addAndGet(lastRefresh - t0);
        })).replaceWithVoid();
    }

    /**
     * Reads every host's last heartbeat and moves the view's {@code lastSeenAt} forward (never back); public for
     * tests, otherwise run by {@link #hosts} every {@code lastSeenRefresh}.
     */
    public Uni<Void> refreshLastSeen() {
        long t0 = System.nanoTime();
        return store.lastSeen().invoke(seen -> {
            for (Zone zone : zones.values()) {   // withLastSeen keeps the snapshot unless the heartbeat is newer
                zone.hosts.replaceAll((hostId, h) -> h.withLastSeen(seen.get(hostId)));
            }
            lastSeenRefreshedAt = System.nanoTime();
            lastSeenRefreshes.incrementAndGet();
            lastSeenRefreshTime.addAndGet(lastSeenRefreshedAt - t0);
        }).replaceWithVoid();
    }

    /** Last-seen refreshes done since start. */
    public long lastSeenRefreshes() {
        return lastSeenRefreshes.get();
    }

    /** Time the last-seen refreshes took since start, in nanoseconds. */
    public long lastSeenRefreshTime() {
        return lastSeenRefreshTime.get();
    }

    /** Refreshes done since start (for diagnostics and the benchmark). */
    public long refreshes() {
        return refreshes.get();
    }

    /** Rows the refreshes read since start. */
    public long refreshedRows() {
        return refreshedRows.get();
    }

    /** Time the refreshes took since start (reading and applying the changed rows), in nanoseconds. */
    public long refreshTime() {
        return refreshTime.get();
    }
}
