package dev.haneul.compute.instance;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads of instances, always scoped to one account. */
public final class InstanceQueries {
    private InstanceQueries() {
    }

    /** A describe filter; null fields do not filter. */
    public record Filter(List<String> instanceIds, List<String> states, String instanceType, String imageId,
            String availabilityZone, String subnetId, String vpcId, String privateIpAddress, String keyName,
            String publicIpAddress, Map<String, String> tagValues, List<String> tagKeys) {
    }

    /**
     * The sort key a page token carries: the creation time in microseconds and the instance id (instances
     * created in the same microsecond are told apart by id).
     */
    public static final Predicate<List<String>> PAGE_KEY = key -> key.size() == 2 && key.get(0).matches("[0-9]{1,19}")
            && Ids.isWellFormed("i", key.get(1));

    /** The account's instance, or 404 {@code InvalidInstanceID.NotFound} (also for another account's). */
    public static Uni<Instance> owned(String accountId, String instanceId) {
        checkId(instanceId);
        return Instance.<Instance>findById(instanceId).map(i -> {
            if (i == null || !i.accountId.equals(accountId)) {
                throw notFound(instanceId);
            }
            return i;
        });
    }

    /** The account's instances with these ids in the ids' order, or 404 for the first one that is not its. */
    public static Uni<List<Instance>> allOwned(String accountId, List<String> instanceIds) {
        return Instance.<Instance>list("instanceId in ?1", instanceIds).map(found -> owned(accountId, instanceIds,
                found));
    }

    /**
     * {@link #allOwned}, the rows locked for the caller's transaction ({@code SELECT … FOR UPDATE}, in id order,
     * so two such batches cannot deadlock): a change of many instances at once waits for an update of one of them
     * in flight and then holds them, where an optimistic read would lose to every saga answer arriving meanwhile
     * and, for a batch of pending instances, run out of retries.
     */
    public static Uni<List<Instance>> allOwnedLocked(String accountId, List<String> instanceIds) {
        return Instance.<Instance>find("instanceId in ?1 order by instanceId", instanceIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(found -> owned(accountId, instanceIds, found));
    }

    private static List<Instance> owned(String accountId, List<String> instanceIds, List<Instance> found) {
        Map<String, Instance> byId = new HashMap<>();
        found.stream().filter(i -> i.accountId.equals(accountId)).forEach(i -> byId.put(i.instanceId, i));
        List<Instance> out = new ArrayList<>();
        for (String id : instanceIds) {
            Instance i = byId.get(id);
            if (i == null) {
                throw notFound(id);
            }
            out.add(i);
        }
        return out;
    }

    public static void checkId(String instanceId) {
        if (!Ids.isWellFormed("i", instanceId)) {
            throw ApiException.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + instanceId + "\"");
        }
    }

    public static ApiException notFound(String instanceId) {
        return ApiException.notFound("InvalidInstanceID.NotFound",
                "The instance ID '" + instanceId + "' does not exist");
    }

    /** One page in stable order (creation time, then id); terminated instances vanish after {@code visible}. */
    public static Uni<Page<Instance>> page(String accountId, Filter f, PageRequest paging, Instant terminatedSince) {
        StringBuilder q = new StringBuilder("accountId = :account and (state <> :terminated or terminatedAt > :since)");
        Parameters p = Parameters.with("account", accountId).and("terminated", InstanceState.TERMINATED)
                .and("since", terminatedSince);
        if (f.instanceIds() != null && !f.instanceIds().isEmpty()) {
            q.append(" and instanceId in :ids");
            p.and("ids", f.instanceIds());
        }
        if (f.states() != null && !f.states().isEmpty()) {
            List<InstanceState> states = new ArrayList<>();
            for (String s : f.states()) {
                InstanceState st = InstanceState.fromLabel(s);
                if (st == null) {
                    throw ApiException.invalidParameter("The filter value '" + s + "' is not a valid instance state.");
                }
                states.add(st);
            }
            q.append(" and state in :states");
            p.and("states", states);
        }
        Map<String, String> eq = new LinkedHashMap<>();
        eq.put("instanceType", f.instanceType());
        eq.put("imageId", f.imageId());
        eq.put("availabilityZone", f.availabilityZone());
        eq.put("subnetId", f.subnetId());
        eq.put("vpcId", f.vpcId());
        eq.put("privateIpAddress", f.privateIpAddress());
        eq.put("keyName", f.keyName());
        eq.put("publicIpAddress", f.publicIpAddress());
        eq.forEach((field, value) -> {
            if (value != null) {
                q.append(" and ").append(field).append(" = :").append(field);
                p.and(field, value);
            }
        });
        int n = 0;
        for (Map.Entry<String, String> tag : f.tagValues() == null ? Map.<String, String>of().entrySet()
                : f.tagValues().entrySet()) {
            q.append(" and instanceId in (select t.resourceId from ResourceTag t where t.tagKey = :tk").append(n)
                    .append(" and t.tagValue = :tv").append(n).append(")");
            p.and("tk" + n, tag.getKey()).and("tv" + n, tag.getValue());
            n++;
        }
        for (String key : f.tagKeys() == null ? List.<String>of() : f.tagKeys()) {
            q.append(" and instanceId in (select t.resourceId from ResourceTag t where t.tagKey = :tk").append(n)
                    .append(")");
            p.and("tk" + n, key);
            n++;
        }
        if (!paging.first()) {
            q.append(" and ").append(paging.keysetCondition(p, List.of("createdAt", "instanceId"),
                    List.of(fromMicros(Long.parseLong(paging.after(0))), paging.after(1))));
        }
        q.append(" order by createdAt, instanceId");
        return Instance.<Instance>find(q.toString(), p).range(0, paging.limit()).list()
                .map(list -> paging.page(list, i -> List.of(Long.toString(micros(i.createdAt)), i.instanceId),
                        i -> i));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
    }
}
