package dev.haneul.compute.tag;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.JsonColumns;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.kit.retry.LostRace;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * CreateTags / DeleteTags / DescribeTags on the resources compute-api owns: instances, the account's private
 * images and its key pairs. An instance's tags column and its tag rows change together; images and key pairs
 * keep their tags as rows only. A call on several resources checks every resource and every tag first and
 * then changes all of them in one transaction, or none. Instances are found here; whether an image or a key
 * pair may be tagged, its own feature says (a {@link TaggableResource}).
 */
@ApplicationScoped
public class TagService {
    public static final String INSTANCE = "instance";
    public static final String IMAGE = "image";
    public static final String KEY_PAIR = "key-pair";
    /** Resource types whose tags live in another service (tagged there, e.g. at creation). */
    private static final Set<String> FOREIGN_PREFIXES = Set.of("vol", "snap", "sg", "vpc", "subnet", "eni", "igw",
            "rtb", "eipalloc", "eipassoc", "acl", "pg", "dopt", "nat");

    private final List<TaggableResource> others;

    public TagService(@All List<TaggableResource> others) {
        this.others = others;
    }

    // ---- one instance (/v1/instances/{id}/tags) ----------------------------------------------------------

    public Uni<List<Tag>> add(String accountId, String instanceId, List<Tag> tags) {
        return changeInstance(accountId, instanceId, current -> Tags.merge(current, tags));
    }

    public Uni<List<Tag>> remove(String accountId, String instanceId, String key, String value) {
        return changeInstance(accountId, instanceId, current -> Tags.remove(current, key, value));
    }

    /** The tag rows of freshly launched instances (inside the launch's transaction). */
    public static Uni<Void> persistRows(List<Instance> instances) {
        List<ResourceTag> rows = instances.stream().flatMap(i -> tagsOf(i).stream()
                .map(t -> ResourceTag.of(i.accountId, INSTANCE, i.instanceId, t.key(), t.value()))).toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : ResourceTag.persist(rows);
    }

    /** The account's instance's tags, or 404 {@code InvalidInstanceID.NotFound}. Needs a session. */
    public Uni<List<Tag>> ofInstance(String accountId, String instanceId) {
        return InstanceQueries.owned(accountId, instanceId).map(TagService::tagsOf);
    }

    public static List<Tag> tagsOf(Instance i) {
        return JsonColumns.readList(i.tags, new TypeReference<List<Tag>>() { });
    }

    /** The tags of an image or a key pair, by key. */
    public static Uni<List<Tag>> rowsOf(String resourceId) {
        return ResourceTag.<ResourceTag>list("resourceId = ?1 order by tagKey", resourceId)
                .map(rows -> rows.stream().map(r -> new Tag(r.tagKey, r.tagValue)).toList());
    }

    /** Deletes a resource's tag rows (when the resource goes: a deregistered image, a deleted key pair). */
    public static Uni<Void> deleteRows(String resourceId) {
        return ResourceTag.delete("resourceId", resourceId).replaceWithVoid();
    }

    private Uni<List<Tag>> changeInstance(String accountId, String instanceId, UnaryOperator<List<Tag>> fn) {
        return LostRace.retried(() -> Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId)
                .chain(i -> write(new Target(INSTANCE, instanceId, accountId, i, tagsOf(i)), fn))));
    }

    // ---- many resources (/v1/tags) -------------------------------------------------------------------

    /** A resource being tagged, with its tags before the change ({@code instance} set for instances). */
    private record Target(String type, String resourceId, String accountId, Instance instance, List<Tag> tags) {
    }

    /** CreateTags: adds the tags to every resource (overwriting values of existing keys); all or none. */
    public Uni<Void> create(String accountId, List<String> resourceIds, List<Tag> tags) {
        tags.forEach(t -> Tags.check(t.key(), t.value()));
        return onAll(accountId, resourceIds, current -> Tags.merge(current, tags));
    }

    /** A tag to delete: by key, or by key and value (only where the value matches). */
    public record TagKey(@NotBlank String key, String value) {
    }

    /**
     * DeleteTags: removes each key (only where the value matches, when given) from every resource; no keys at
     * all removes every tag of the resources, as EC2 does.
     */
    public Uni<Void> delete(String accountId, List<String> resourceIds, List<TagKey> keys) {
        return onAll(accountId, resourceIds, current -> {
            if (keys.isEmpty()) {
                return List.of();
            }
            List<Tag> left = current;
            for (TagKey k : keys) {
                left = Tags.remove(left, k.key(), k.value());
            }
            return left;
        });
    }

    private Uni<Void> onAll(String accountId, List<String> resourceIds, UnaryOperator<List<Tag>> fn) {
        List<String> ids = resourceIds.stream().distinct().toList();
        ids.forEach(this::typeOf); // every id well-formed and ours to tag, before any read
        return LostRace.retried(() -> Panache.withTransaction(() -> {
            Uni<List<Target>> targets = Uni.createFrom().item(new ArrayList<>());
            for (String id : ids) {
                targets = targets.chain(list -> target(accountId, id).map(t -> {
                    list.add(t);
                    return list;
                }));
            }
            // the new tags of every resource are computed (and checked) before the first write
            return targets.chain(list -> {
                List<List<Tag>> after = list.stream().map(t -> fn.apply(t.tags())).toList();
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int n = 0; n < list.size(); n++) {
                    Target t = list.get(n);
                    List<Tag> next = after.get(n);
                    chain = chain.chain(() -> write(t, current -> next)).replaceWithVoid();
                }
                return chain;
            });
        }));
    }

    /** Writes the resource's new tags: its rows (updated, deleted or added in this session) and an instance's column. */
    private static Uni<List<Tag>> write(Target t, UnaryOperator<List<Tag>> fn) {
        List<Tag> after = fn.apply(t.tags());
        if (t.instance() != null) {
            t.instance().tags = JsonColumns.writeJson(after);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        after.forEach(tag -> wanted.put(tag.key(), tag.value() == null ? "" : tag.value()));
        return ResourceTag.<ResourceTag>list("resourceId", t.resourceId()).chain(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ResourceTag row : rows) {
                String value = wanted.remove(row.tagKey);
                if (value == null) {
                    chain = chain.chain(row::delete);
                } else {
                    row.tagValue = value;
                }
            }
            List<ResourceTag> added = wanted.entrySet().stream().map(e -> ResourceTag.of(t.accountId(), t.type(),
                    t.resourceId(), e.getKey(), e.getValue())).toList();
            return chain.chain(() -> added.isEmpty() ? Uni.createFrom().voidItem() : ResourceTag.persist(added));
        }).replaceWith(after);
    }

    /** The resource type of a tag target by its id, or EC2's error for an id compute-api does not tag. */
    String typeOf(String resourceId) {
        if (Ids.isWellFormed("i", resourceId)) {
            return INSTANCE;
        }
        for (TaggableResource other : others) {
            if (Ids.isWellFormed(other.idPrefix(), resourceId)) {
                return other.resourceType();
            }
        }
        int dash = resourceId == null ? -1 : resourceId.indexOf('-');
        String prefix = dash < 0 ? "" : resourceId.substring(0, dash);
        if (FOREIGN_PREFIXES.contains(prefix) && Ids.isWellFormed(prefix, resourceId)) {
            throw ApiException.badRequest("UnsupportedOperation", "The resource '" + resourceId
                    + "' is not tagged here: /v1/tags covers instances, images and key pairs; tag '" + prefix
                    + "' resources through their own service.");
        }
        throw ApiException.badRequest("InvalidID", "The ID '" + resourceId + "' is not valid");
    }

    private Uni<Target> target(String accountId, String id) {
        String type = typeOf(id);
        if (INSTANCE.equals(type)) {
            return InstanceQueries.owned(accountId, id).map(i -> new Target(INSTANCE, id, accountId, i, tagsOf(i)));
        }
        TaggableResource other = others.stream().filter(o -> o.resourceType().equals(type)).findFirst()
                .orElseThrow();
        return other.checkTaggable(accountId, id)
                .chain(() -> rowsOf(id).map(tags -> new Target(type, id, accountId, null, tags)));
    }

    /** One DescribeTags filter set; empty lists do not filter. */
    public record Filter(List<String> resourceIds, List<String> resourceTypes, List<String> keys,
            List<String> values) {
    }

    /** One tag as DescribeTags shows it. */
    public record TagDescription(String resourceId, String resourceType, String key, String value) {
    }

    /** The sort key a page token carries: the resource id and the tag key. */
    public static final Predicate<List<String>> PAGE_KEY = key -> key.size() == 2;

    /** DescribeTags: the account's tags in stable order (resource id, then key), one page at a time. */
    public static Uni<Page<TagDescription>> describe(String accountId, Filter f, PageRequest paging) {
        StringBuilder q = new StringBuilder("accountId = :account");
        Parameters p = Parameters.with("account", accountId);
        in(q, p, "resourceId", "ids", f.resourceIds());
        in(q, p, "resourceType", "types", f.resourceTypes());
        in(q, p, "tagKey", "keys", f.keys());
        in(q, p, "tagValue", "values", f.values());
        if (!paging.first()) {
            q.append(" and ").append(paging.keysetCondition(p, List.of("resourceId", "tagKey"), paging.after()));
        }
        q.append(" order by resourceId, tagKey");
        return Panache.withSession(() -> ResourceTag.<ResourceTag>find(q.toString(), p).range(0, paging.limit())
                .list()).map(rows -> paging.page(rows, r -> List.of(r.resourceId, r.tagKey),
                        r -> new TagDescription(r.resourceId, r.resourceType, r.tagKey, r.tagValue)));
    }

    private static void in(StringBuilder q, Parameters p, String field, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            q.append(" and ").append(field).append(" in :").append(name);
            p.and(name, values);
        }
    }
}
