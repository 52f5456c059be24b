package dev.haneul.scheduler.placement;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A placement group as one placement sees it: its strategy, the members already placed in the requested
 * availability zone, and (for a partition group) the partition the new instance goes to.
 */
public record GroupContext(String groupId, String strategy, int partitionCount, List<Member> members,
        Integer targetPartition) {

    /** A member instance: its host, the host's rack and its partition (null outside partition groups). */
    public record Member(String hostId, String rack, Integer partitionNumber) {
    }

    public Set<String> memberHosts() {
        return members.stream().map(Member::hostId).collect(Collectors.toSet());
    }

    public Set<String> memberRacks() {
        return members.stream().map(Member::rack).collect(Collectors.toSet());
    }

    /** Racks holding members of partitions other than the target one. */
    public Set<String> racksOfOtherPartitions() {
        return members.stream().filter(m -> m.partitionNumber() != null && !m.partitionNumber().equals(targetPartition))
                .map(Member::rack).collect(Collectors.toSet());
    }

    /** The partition with the fewest members (the lowest number on a tie), 1-based. */
    public static Integer leastUsedPartition(String strategy, int partitionCount, List<Member> members) {
        if (!"partition".equals(strategy)) {
            return null;
        }
        int best = 1;
        long bestCount = Long.MAX_VALUE;
        for (int p = 1; p <= partitionCount; p++) {
            int partition = p;
            long n = members.stream().filter(m -> Integer.valueOf(partition).equals(m.partitionNumber())).count();
            if (n < bestCount) {
                best = p;
                bestCount = n;
            }
        }
        return best;
    }
}
