package dev.haneul.compute.volume;

import dev.haneul.compute.remote.RemoteProblem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls volume-service on the caller's behalf: CreateImage takes a snapshot of the instance's root volume.
 * volume-service's own errors reach the user unchanged; an unreachable or slow one is a 503. The time limits
 * are the REST client's own ({@code quarkus.rest-client.volume.connect-timeout} and {@code read-timeout}),
 * never a Mutiny timer: a timer fails the call on a worker thread, where the caller's next step (a database
 * transaction in Hibernate Reactive) cannot run.
 */
@ApplicationScoped
public class VolumeClient {
    private final VolumeRestClient client;

    public VolumeClient(@RestClient VolumeRestClient client) {
        this.client = client;
    }

    /**
     * Asks for a snapshot. Fails with volume-service's problem when it refused, a 503 when it could not be reached,
     * and {@link SnapshotOutcomeUnknown} when the request may have been carried out (a timeout, a reset connection, a
     * 5xx): the snapshot may exist.
     */
    public Uni<SnapshotInfo> createSnapshot(String volumeId, String description, String bearerToken) {
        return client.createSnapshot("Bearer " + bearerToken,
                new VolumeRestClient.CreateSnapshotRequest(volumeId, description))
                .onFailure().transform(e -> RemoteProblem.certainlyNotDone(e) ? RemoteProblem.toApi(e, "volume")
                        : new SnapshotOutcomeUnknown(volumeId, e));
    }

    /** volume-service did not say whether it took the snapshot. */
    public static final class SnapshotOutcomeUnknown extends RuntimeException {
        public SnapshotOutcomeUnknown(String volumeId, Throwable cause) {
            super("no answer from volume-service to the snapshot of " + volumeId + ": " + cause, cause);
        }
    }
}
