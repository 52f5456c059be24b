package dev.haneul.agent.driver;

import dev.haneul.agent.config.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Makes the configured driver (today: the simulated one) available for injection. */
@ApplicationScoped
public class DriverProducer {

    @Produces
    @ApplicationScoped
    HypervisorDriver driver(AgentConfig config) {
        return new SimulatedDriver(new StateStore(Path.of(config.stateFile())), config.bootDelay());
    }

    void close(@Disposes HypervisorDriver driver) {
        driver.close();
    }
}
