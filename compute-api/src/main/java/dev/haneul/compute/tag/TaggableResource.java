package dev.haneul.compute.tag;

import io.smallrye.mutiny.Uni;

/**
 * A kind of resource besides instances that {@code /v1/tags} tags (an image, a key pair), implemented beside
 * the resource by its own feature: that feature knows whether the account may tag one, and keeps its tags as
 * rows here ({@link TagService#rowsOf}, {@link TagService#deleteRows} when the resource goes). So the features
 * depend on tag and tag on none of them; {@link TagService} finds every implementation as a bean.
 */
public interface TaggableResource {
    /** The prefix of this kind's ids ({@code ami}, {@code key}). */
    String idPrefix();

    /** EC2's resource type ({@link TagService#IMAGE}, {@link TagService#KEY_PAIR}). */
    String resourceType();

    /**
     * Completes if the account may tag the resource; fails with the resource's own error otherwise (another
     * account's is missing, as everywhere). Runs in the caller's session.
     */
    Uni<Void> checkTaggable(String accountId, String resourceId);
}
