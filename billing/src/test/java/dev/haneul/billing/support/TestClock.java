package dev.haneul.billing.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The clock of every @QuarkusTest: the system clock until a test sets "now" explicitly. */
@Singleton
public class TestClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>();

    public void set(Instant instant) {
        now.set(instant);
    }

    public void reset() {
        now.set(null);
    }

    @Override
    public Instant instant() {
        Instant t = now.get();
        return t != null ? t : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
