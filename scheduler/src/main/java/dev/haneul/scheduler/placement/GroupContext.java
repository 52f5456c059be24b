package dev.haneul.scheduler.placement;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A placement group as one placement sees it: its strategy, the members already placed in the requested
 * availability zone, and (for a partition group) the partition the new instance goes to. The member hosts and
 * racks are computed once, not once per candidate host.
 */
public final class GroupContext {
    private final String groupId;
    private final String strategy;
    private final int partitionCount;
    private final List<Member> members;
    private final Integer targetPartition;
    private final Set<String> memberHosts;
    private final Set<String> memberRacks;
    private final Set<String> racksOfOtherPartitions;

    /** A member instance: its host, the host's rack and its partition (null outside partition groups). */
    public record Member(String hostId, String rack, Integer partitionNumber) {
    }

    public GroupContext(String groupId, String strategy, int partitionCount, List<Member> members,
            Integer targetPartition) {
        this.groupId = groupId;
        this.strategy = strategy;
        this.partitionCount = partitionCount;
        this.members = List.copyOf(members);
        this.targetPartition = targetPartition;
        this.memberHosts = this.members.stream().map(Member::hostId).collect(Collectors.toUnmodifiableSet());
        this.memberRacks = this.members.stream().map(Member::rack).collect(Collectors.toUnmodifiableSet());
        this.racksOfOtherPartitions = this.members.stream()
                .filter(m -> m.partitionNumber() != null && !m.partitionNumber().equals(targetPartition))
                .map(Member::rack).collect(Collectors.toUnmodifiableSet());
    }

    public String groupId() {
        return groupId;
    }

    public String strategy() {
        return strategy;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public List<Member> members() {
        return members;
    }

    public Integer targetPartition() {
        return targetPartition;
    }

    public Set<String> memberHosts() {
        return memberHosts;
    }

    public Set<String> memberRacks() {
        return memberRacks;
    }

    /** Racks holding members of partitions other than the target one. */
    public Set<String> racksOfOtherPartitions() {
        return racksOfOtherPartitions;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupContext g && groupId.equals(g.groupId) && strategy.equals(g.strategy)
                && partitionCount == g.partitionCount && members.equals(g.members)
                && Objects.equals(targetPartition, g.targetPartition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, strategy, partitionCount, members, targetPartition);
    }

    @Override
    public String toString() {
        return "GroupContext[" + groupId + ", " + strategy + ", " + members.size() + " members]";
    }
}
