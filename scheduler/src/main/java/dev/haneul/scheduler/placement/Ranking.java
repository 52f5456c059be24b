package dev.haneul.scheduler.placement;

import java.util.List;
import java.util.Map;

/**
 * The outcome of the pipeline: the hosts to try, in order (the best few shuffled first), and how many hosts
 * each filter rejected, by reason.
 */
public record Ranking(List<HostState> hosts, Map<String, Integer> rejections) {

    public boolean isEmpty() {
        return hosts.isEmpty();
    }
}
