package dev.haneul.network.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The region's availability zones ({@code haneul.availability-zones}, shared with the other services). */
@ApplicationScoped
public class Zones {
    private final List<String> names;

    public Zones(@ConfigProperty(name = "haneul.availability-zones",
            defaultValue = "kr-central-1a,kr-central-1b,kr-central-1c") List<String> names) {
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }

    public boolean exists(String zone) {
        return names.contains(zone);
    }
}
