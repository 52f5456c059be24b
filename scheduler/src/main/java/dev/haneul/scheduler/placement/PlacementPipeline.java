package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.weigher.HostWeigher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Filters, then weighs the candidate hosts of one placement, as configured in {@code haneul.scheduler.filters}
 * and {@code haneul.scheduler.weighers}. Pure: no database, unit-tested on its own. Built for fleets of
 * thousands of hosts per zone: one pass of the filters, one pass per weigher over primitive arrays, and a
 * bounded selection of the {@code keep} best hosts instead of sorting them all.
 */
@ApplicationScoped
public class PlacementPipeline {
    private final List<HostFilter> filters;
    private final List<Weighted> weighers;
    private final int bestOf;
    private final int keep;
    private final Random random;

    /** A weigher with its multiplier. */
    public record Weighted(HostWeigher weigher, double multiplier) {
    }

    @Inject
    public PlacementPipeline(SchedulerConfig config, Instance<HostFilter> filters, Instance<HostWeigher> weighers) {
        this(pick(config.filters(), filters.stream().toList(), HostFilter::name, "filter"),
                parseWeighers(config.weighers(), weighers.stream().toList()), config.bestOf(),
                Math.max(config.bestOf(), config.claimCandidates()), new Random());
    }

    /** A pipeline whose ranking lists every passing host. */
    public PlacementPipeline(List<HostFilter> filters, List<Weighted> weighers, int bestOf, Random random) {
        this(filters, weighers, bestOf, Integer.MAX_VALUE, random);
    }

    /** A pipeline whose ranking lists the {@code keep} best hosts (at least {@code bestOf}). */
    public PlacementPipeline(List<HostFilter> filters, List<Weighted> weighers, int bestOf, int keep, Random random) {
        this.filters = List.copyOf(filters);
        this.weighers = List.copyOf(weighers);
        this.bestOf = Math.max(1, bestOf);
        this.keep = Math.max(this.bestOf, keep);
        this.random = random;
    }

    /** A copy of this pipeline with its own random choices (for another simulated replica). */
    public PlacementPipeline withRandom(Random random) {
        return new PlacementPipeline(filters, weighers, bestOf, keep, random);
    }

    public Ranking rank(Collection<HostState> candidates, PlacementRequest request) {
        Map<String, Integer> rejections = new TreeMap<>();
        HostState[] passing = new HostState[candidates.size()];
        int n = 0;
        for (HostState host : candidates) {
            String reason = firstRejection(host, request);
            if (reason != null) {
                rejections.merge(reason, 1, Integer::sum);
            } else if (n < passing.length) {   // the view may grow while we iterate it
                passing[n++] = host;
            }
        }
        double[] score = scores(passing, n, request);
        int top = (int) Math.min(keep, n);
        int[] best = new int[top];
        int size = 0;
        for (int i = 0; i < n; i++) {   // insertion into the bounded best list: O(n * keep), keep is small
            if (size == top && !better(passing, score, i, best[size - 1])) {
                continue;
            }
            int at = size < top ? size++ : size - 1;
            while (at > 0 && better(passing, score, i, best[at - 1])) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        List<HostState> ranked = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ranked.add(passing[best[i]]);
        }
        Collections.shuffle(ranked.subList(0, Math.min(bestOf, size)), random);
        return new Ranking(ranked, rejections, n);
    }

    /** Higher score first, then host id (so equal hosts rank the same on every replica before the shuffle). */
    private static boolean better(HostState[] hosts, double[] score, int a, int b) {
        if (score[a] != score[b]) {
            return score[a] > score[b];
        }
        return hosts[a].hostId().compareTo(hosts[b].hostId()) < 0;
    }

    private String firstRejection(HostState host, PlacementRequest request) {
        for (int i = 0; i < filters.size(); i++) {
            var reason = filters.get(i).reject(host, request);
            if (reason.isPresent()) {
                return reason.get();
            }
        }
        return null;
    }

    /** The sum over weighers of the multiplier times the raw value normalised to 0..1 over the candidates. */
    private double[] scores(HostState[] hosts, int n, PlacementRequest request) {
        double[] total = new double[n];
        double[] raw = new double[n];
        for (Weighted w : weighers) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                raw[i] = w.weigher().raw(hosts[i], request);
                min = Math.min(min, raw[i]);
                max = Math.max(max, raw[i]);
            }
            if (max > min) {
                double range = max - min;
                for (int i = 0; i < n; i++) {
                    total[i] += (raw[i] - min) / range * w.multiplier();
                }
            }
        }
        return total;
    }

    /** The scores of {@link #rank}, by host id (for tests and diagnostics). */
    Map<String, Double> scores(List<HostState> hosts, PlacementRequest request) {
        HostState[] a = hosts.toArray(HostState[]::new);
        double[] s = scores(a, a.length, request);
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            out.put(a[i].hostId(), s[i]);
        }
        return out;
    }

    static List<Weighted> parseWeighers(List<String> specs, List<HostWeigher> available) {
        List<Weighted> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.trim().split(":");
            double multiplier = parts.length > 1 ? Double.parseDouble(parts[1].trim()) : 1.0;
            out.add(new Weighted(pick(List.of(parts[0].trim()), available, HostWeigher::name, "weigher").get(0),
                    multiplier));
        }
        return out;
    }

    static <T> List<T> pick(List<String> names, List<T> available, Function<T, String> nameOf, String what) {
        Map<String, T> byName = available.stream().collect(Collectors.toMap(nameOf, Function.identity()));
        List<T> out = new ArrayList<>();
        for (String name : names) {
            T t = byName.get(name.trim());
            if (t == null) {
                throw new IllegalArgumentException("unknown " + what + " '" + name + "' in the scheduler "
                        + "configuration; known: " + byName.keySet());
            }
            out.add(t);
        }
        return out;
    }
}
