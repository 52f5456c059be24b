package dev.haneul.scheduler.placement;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Decides, in memory, the hosts of a batch of placements over one replica's view of the fleet. Pure: no database;
 * the caller claims what it decided with conditional updates and tells the planner about the hosts whose claim
 * failed ({@link #refresh}), so their requests are decided again on what the database holds.
 * <p>
 * Every placement of the batch sees the capacity the earlier ones were given: the hosts they were put on are kept
 * in an overlay (the view's snapshot plus the batch's claims), and every ranking reads the overlay first.
 * <p>
 * A full ranking of a zone (every filter and weigher over its thousands of hosts) costs a millisecond or more (several
 * on the loaded development machine); doing one per request would cap a batch below a thousand placements per second
 * and core. So a request is first ranked
 * among the zone's <em>shortlist</em> (the hosts the last full ranking of that zone kept: the best few), re-filtered
 * exactly with the batch's claims; only when none of them takes it, or after {@code fullRankEvery} requests on the
 * same shortlist, is the whole zone ranked again (which makes a new shortlist). With {@code fullRankEvery} 1 every
 * request is ranked over the whole zone, exactly as a single placement is. Packing weighers rank the shortlist's
 * hosts ever higher as they fill, so the shortlist is what a full ranking would pick; spreading ones drift from it
 * for at most {@code fullRankEvery} requests.
 */
public final class BatchPlanner {
    private final PlacementPipeline pipeline;
    private final Function<String, Collection<HostState>> view;
    private final int fullRankEvery;
    private final Map<String, HostState> overlay = new HashMap<>();
    private final Map<String, Shortlist> shortlists = new HashMap<>();
    private long rankNanos;
    private int ranks;
    private int fullRanks;

    /** The hosts the last full ranking of a zone kept, as they were then (the overlay has what changed since). */
    private static final class Shortlist {
        final List<HostState> hosts;
        int uses;

        Shortlist(List<HostState> hosts) {
            this.hosts = hosts;
        }
    }

    /**
     * @param view the replica's hosts of a zone (as {@link HostCache#hosts} gave them for this batch)
     * @param fullRankEvery rank the whole zone at least every this many requests (1: always)
     */
    public BatchPlanner(PlacementPipeline pipeline, Function<String, Collection<HostState>> view, int fullRankEvery) {
        this.pipeline = pipeline;
        this.view = view;
        this.fullRankEvery = Math.max(1, fullRankEvery);
    }

    /**
     * The host chosen for the request, as it was before this request's claim (the claim is added to the overlay);
     * null when no host of this replica's view takes it.
     */
    public HostState place(PlacementRequest request) {
        String zone = request.availabilityZone();
        Ranking ranking = null;
        Shortlist shortlist = shortlists.get(zone);
        if (shortlist != null && shortlist.uses < fullRankEvery - 1) {
            shortlist.uses++;
            List<HostState> candidates = new ArrayList<>(shortlist.hosts.size());
            for (HostState listed : shortlist.hosts) {
                HostState h = overlay.containsKey(listed.hostId()) ? overlay.get(listed.hostId()) : listed;
                if (h != null) {
                    candidates.add(h);
                }
            }
            ranking = timedRank(candidates, request);
        }
        if (ranking == null || ranking.isEmpty()) {
            Collection<HostState> hosts = view.apply(zone);
            ranking = timedRank(hosts == null ? List.of() : new Overlaid(hosts, overlay), request);
            fullRanks++;
            shortlists.put(zone, new Shortlist(ranking.hosts()));
        }
        if (ranking.isEmpty()) {
            return null;
        }
        HostState chosen = ranking.hosts().get(0);
        overlay.put(chosen.hostId(), chosen.withClaim(request));
        return chosen;
    }

    /**
     * The host as the database has it now (its claim failed: another replica took the room, or it changed): the
     * batch's requests decided onto it are to be placed again, on this.
     */
    public void refresh(HostState fresh) {
        overlay.put(fresh.hostId(), fresh);
    }

    /** The host no longer exists: nothing is placed on it any more. */
    public void forget(String hostId) {
        overlay.put(hostId, null);
    }

    /** Every host this batch placed on or refreshed, as the planner sees it now (null: gone). */
    public Map<String, HostState> touched() {
        return overlay;
    }

    /** Time spent ranking, in nanoseconds. */
    public long rankNanos() {
        return rankNanos;
    }

    /** Rankings done (shortlist and full). */
    public int ranks() {
        return ranks;
    }

    /** Rankings of a whole zone. */
    public int fullRanks() {
        return fullRanks;
    }

    private Ranking timedRank(Collection<HostState> candidates, PlacementRequest request) {
        long t = System.nanoTime();
        Ranking r = pipeline.rank(candidates, request);
        rankNanos += System.nanoTime() - t;
        ranks++;
        return r;
    }

    /** The zone's hosts, each replaced by its overlay entry when it has one (null entries are left out). */
    private static final class Overlaid extends AbstractCollection<HostState> {
        private final Collection<HostState> base;
        private final Map<String, HostState> overlay;

        Overlaid(Collection<HostState> base, Map<String, HostState> overlay) {
            this.base = base;
            this.overlay = overlay;
        }

        @Override
        public Iterator<HostState> iterator() {
            Iterator<HostState> it = base.iterator();
            return new Iterator<>() {
                HostState next = advance();

                private HostState advance() {
                    while (it.hasNext()) {
                        HostState h = it.next();
                        if (!overlay.containsKey(h.hostId())) {
                            return h;
                        }
                        HostState o = overlay.get(h.hostId());
                        if (o != null) {
                            return o;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public HostState next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    HostState h = next;
                    next = advance();
                    return h;
                }
            };
        }

        @Override
        public int size() {
            return base.size();
        }
    }
}
