package dev.haneul.archfixture.clean.core;

import dev.haneul.archfixture.clean.remote.RemoteThings;

/** The clean fixture's service: the lookup the resource uses; it calls a REST client, which is no resource. */
public class ThingService {
    private final RemoteThings remote;

    public ThingService(RemoteThings remote) {
        this.remote = remote;
    }

    public static Thing find(String id) {
        return new Thing(id);
    }

    public String describe(String id) {
        return remote.describe(id);
    }
}
