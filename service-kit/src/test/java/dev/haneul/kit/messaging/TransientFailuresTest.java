package dev.haneul.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

/** Which failures are waited out (retried for as long as they last) and which end in the dead-letter topic. */
class TransientFailuresTest {

    @Test
    void aDependencyThatCannotBeReachedIsTransient() {
        // what a consumer sees while the database server's link is down (the three-server rehearsal's cut)
        assertTrue(EventProcessor.isTransient(new NoRouteToHostException("No route to host")));
        assertTrue(EventProcessor.isTransient(new SocketException("Network is unreachable")));
        assertTrue(EventProcessor.isTransient(new ConnectException("Connection refused")));
        assertTrue(EventProcessor.isTransient(new ClosedChannelException()));
        assertTrue(EventProcessor.isTransient(new RuntimeException("wrapped",
                new VertxException("Connection was closed", true))));
        assertTrue(EventProcessor.isTransient(new IllegalStateException("connect failed",
                new RuntimeException("io.netty: Connection timed out: /10.203.0.3:3306"))));
    }

    @Test
    void deadlocksAndLockWaitTimeoutsAreTransient() {
        SQLException deadlock = new SQLException("Deadlock found", "40001", 1213);
        assertTrue(EventProcessor.isTransient(
                new LockAcquisitionException("could not execute statement", deadlock)));
        assertTrue(EventProcessor.isTransient(new RuntimeException(
                new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
        assertFalse(EventProcessor.isTransient(new SQLException("Duplicate entry", "23000", 1062)));
    }

    @Test
    void bugsAndBadDataAreNot() {
        assertFalse(EventProcessor.isTransient(new NullPointerException()));
        assertFalse(EventProcessor.isTransient(new IllegalArgumentException("no such instance type")));
        assertFalse(EventProcessor.isTransient(new JsonParseException(null, "Unexpected character")));
    }
}
