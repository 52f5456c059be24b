package dev.haneul.scheduler.placement;

import java.util.List;
import java.util.Map;

/**
 * The outcome of the pipeline: the hosts to try, in order (the best few shuffled first), how many hosts passed
 * every filter, and how many hosts each filter rejected, by reason.
 */
public record Ranking(List<HostState> hosts, Map<String, Integer> rejections, int passing) {

    public boolean isEmpty() {
        return hosts.isEmpty();
    }
}
