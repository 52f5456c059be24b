package dev.haneul.kit;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock a service reads "now" from wherever a time is recorded or compared: the system UTC clock, unless
 * the service (or a test) declares another {@link Clock} bean, which then replaces it everywhere.
 */
@Dependent
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
