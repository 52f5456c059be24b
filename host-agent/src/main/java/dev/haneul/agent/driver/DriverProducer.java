package dev.haneul.agent.driver;

import dev.haneul.agent.config.AgentConfig;
import dev.haneul.agent.driver.linux.LinuxDriver;
import dev.haneul.agent.driver.linux.LinuxSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Makes the configured driver ({@code haneul.agent.driver}: simulated, the default, or linux) injectable. */
@ApplicationScoped
public class DriverProducer {

    @Produces
    @ApplicationScoped
    HypervisorDriver driver(AgentConfig config) {
        StateStore store = new StateStore(Path.of(config.stateFile()));
        return switch (config.driver()) {
            case "simulated" -> new SimulatedDriver(store, config.bootDelay());
            case "linux" -> {
                AgentConfig.Linux l = config.linux();
                yield new LinuxDriver(new LinuxSettings(Path.of(l.stateDir()), Path.of(l.imageDir()),
                        l.debianMirror(), l.uidBase(), l.unreachableRoutes(), l.bootTimeout(),
                        Path.of("/sys/fs/cgroup"), LinuxSettings.imagesFrom(l.images()),
                        l.blockStore().map(Path::of)), store);
            }
            default -> throw new IllegalArgumentException("haneul.agent.driver must be simulated or linux, not "
                    + config.driver());
        };
    }

    void close(@Disposes HypervisorDriver driver) {
        driver.close();
    }
}
