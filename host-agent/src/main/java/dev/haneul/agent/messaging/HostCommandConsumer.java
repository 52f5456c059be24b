package dev.haneul.agent.messaging;

import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.fleet.Fleet;
import dev.haneul.agent.wiring.GuestWiring;
import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.host.AttachVolume;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DetachVolume;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.HostCommand;
import dev.haneul.events.host.RebootInstance;
import dev.haneul.events.host.StopInstance;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code host-commands} (every agent reads all of them, in its own consumer group) and hands the ones for
 * its own hosts to the driver (boots through {@link GuestWiring}, which resolves the guest's rules). The driver
 * records the command durably before this returns, so the Kafka offset is committed only for accepted commands;
 * completion is reported later, without blocking the partition.
 */
@ApplicationScoped
public class HostCommandConsumer {
    public static final String CHANNEL = Topics.HOST_COMMANDS;
    private static final Logger LOG = Logger.getLogger(HostCommandConsumer.class);

    private final Fleet fleet;
    private final HypervisorDriver driver;
    private final GuestWiring wiring;

    public HostCommandConsumer(Fleet fleet, HypervisorDriver driver, GuestWiring wiring) {
        this.fleet = fleet;
        this.driver = driver;
        this.wiring = wiring;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onCommand(String payload) {
        HaneulEvent data = EventCodec.decode(payload).data();
        if (!(data instanceof HostCommand command) || !fleet.owns(command.hostId())) {
            return;
        }
        LOG.debugf("%s for %s on %s", command.getClass().getSimpleName(), command.instanceId(), command.hostId());
        if (command instanceof BootInstance b) {
            wiring.boot(b);
        } else if (command instanceof StopInstance s) {
            driver.stop(s.hostId(), s.instanceId(), s.attempt());
        } else if (command instanceof RebootInstance r) {
            driver.reboot(r.hostId(), r.instanceId(), r.attempt());
        } else if (command instanceof DestroyInstance d) {
            wiring.forget(d.instanceId());
            driver.destroy(d.hostId(), d.instanceId(), d.attempt());
        } else if (command instanceof AttachVolume a) {
            driver.attachVolume(a.hostId(), a.instanceId(), a.volumeId(), a.device(), a.sizeGib());
        } else if (command instanceof DetachVolume d) {
            driver.detachVolume(d.hostId(), d.instanceId(), d.volumeId(), d.device(), d.force());
        }
    }
}
