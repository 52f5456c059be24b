package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.weigher.HostWeigher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Filters, then weighs the candidate hosts of one placement, as configured in {@code haneul.scheduler.filters}
 * and {@code haneul.scheduler.weighers}. Pure: no database, unit-tested on its own.
 */
@ApplicationScoped
public class PlacementPipeline {
    private final List<HostFilter> filters;
    private final List<Weighted> weighers;
    private final int bestOf;
    private final Random random;

    /** A weigher with its multiplier. */
    public record Weighted(HostWeigher weigher, double multiplier) {
    }

    @Inject
    public PlacementPipeline(SchedulerConfig config, Instance<HostFilter> filters, Instance<HostWeigher> weighers) {
        this(pick(config.filters(), filters.stream().toList(), HostFilter::name, "filter"),
                parseWeighers(config.weighers(), weighers.stream().toList()), config.bestOf(),
                new Random());
    }

    public PlacementPipeline(List<HostFilter> filters, List<Weighted> weighers, int bestOf, Random random) {
        this.filters = List.copyOf(filters);
        this.weighers = List.copyOf(weighers);
        this.bestOf = Math.max(1, bestOf);
        this.random = random;
    }

    public Ranking rank(List<HostState> candidates, PlacementRequest request) {
        Map<String, Integer> rejections = new TreeMap<>();
        List<HostState> passing = new ArrayList<>();
        for (HostState host : candidates) {
            Optional<String> reason = firstRejection(host, request);
            if (reason.isPresent()) {
                rejections.merge(reason.get(), 1, Integer::sum);
            } else {
                passing.add(host);
            }
        }
        Map<String, Double> scores = scores(passing, request);
        passing.sort(Comparator.comparing((HostState h) -> scores.get(h.hostId())).reversed()
                .thenComparing(HostState::hostId));
        int top = Math.min(bestOf, passing.size());
        Collections.shuffle(passing.subList(0, top), random);
        return new Ranking(passing, rejections);
    }

    private Optional<String> firstRejection(HostState host, PlacementRequest request) {
        for (HostFilter f : filters) {
            Optional<String> reason = f.reject(host, request);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /** The sum over weighers of the multiplier times the raw value normalised to 0..1 over the candidates. */
    Map<String, Double> scores(List<HostState> hosts, PlacementRequest request) {
        Map<String, Double> total = new HashMap<>();
        hosts.forEach(h -> total.put(h.hostId(), 0.0));
        for (Weighted w : weighers) {
            Map<String, Double> raw = hosts.stream().collect(Collectors.toMap(HostState::hostId,
                    h -> w.weigher().raw(h, request)));
            double min = raw.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = raw.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            for (Map.Entry<String, Double> e : raw.entrySet()) {
                double normalised = max == min ? 0.0 : (e.getValue() - min) / (max - min);
                total.merge(e.getKey(), normalised * w.multiplier(), Double::sum);
            }
        }
        return total;
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
