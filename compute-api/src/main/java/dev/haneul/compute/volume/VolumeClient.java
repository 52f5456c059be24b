package dev.haneul.compute.volume;

import dev.haneul.compute.remote.RemoteProblem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls volume-service on the caller's behalf: CreateImage takes a snapshot of the instance's root volume.
 * volume-service's own errors reach the user unchanged; an unreachable one is a 503.
 */
@ApplicationScoped
public class VolumeClient {
    private final VolumeRestClient client;

    public VolumeClient(@RestClient VolumeRestClient client) {
        this.client = client;
    }

    public Uni<SnapshotInfo> createSnapshot(String volumeId, String description, String bearerToken) {
        return client.createSnapshot("Bearer " + bearerToken,
                new VolumeRestClient.CreateSnapshotRequest(volumeId, description))
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .onFailure().transform(e -> RemoteProblem.toApi(e, "volume"));
    }
}
