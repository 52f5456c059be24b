package dev.haneul.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.haneul.kit.messaging.RetryPolicy.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;
import org.hibernate.exception.SQLGrammarException;
import org.junit.jupiter.api.Test;

/** Whose fault a consumer's failure is, and how many times the step runs for each kind. */
class RetryPolicyTest {

    private static MySQLException server(int code, String state, String message) {
        return new MySQLException(message, code, state);
    }

    @Test
    void aDependencyThatCannotBeReachedIsAnOutage() {
        // what a consumer sees while the database server's link is down (the three-server rehearsal's cut)
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new NoRouteToHostException("No route to host")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new SocketException("Network is unreachable")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new ConnectException("Connection refused")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new ClosedChannelException()));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new RuntimeException("wrapped",
                new VertxException("Connection was closed", true))));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new IllegalStateException("connect failed",
                new RuntimeException("io.netty: Connection timed out: /10.203.0.3:3306"))));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new RuntimeException(ClosedConnectionException.INSTANCE)));
    }

    @Test
    void deadlocksAndLockWaitTimeoutsAreOutages() {
        SQLException deadlock = new SQLException("Deadlock found", "40001", 1213);
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new LockAcquisitionException("could not execute statement",
                deadlock)));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new RuntimeException(
                new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
    }

    @Test
    void aServerRefusingTheStatementForAReasonNotItsDataIsAnOutage() {
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(server(1927, "70100", "Connection was killed")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(server(1142, "42000",
                "SELECT command denied to user 'haneul_scheduler'@'10.0.0.2' for table 'host'")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(new SQLGrammarException("error executing SQL statement",
                new SQLException("Table 'haneul_kit_test.probe_effect' doesn't exist", "42S02", 1146))));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(server(1290, "HY000",
                "The MariaDB server is running with the --read-only option so it cannot execute this statement")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(server(1040, "08004", "Too many connections")));
        assertEquals(Kind.OUTAGE, RetryPolicy.kind(server(1047, "08S01", "WSREP has not yet prepared node")));
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        // the reactive client's pool when no connection frees up in time, and any Uni with a deadline
        assertEquals(Kind.TIMEOUT, RetryPolicy.kind(new VertxException("Timeout", true)));
        assertEquals(Kind.TIMEOUT, RetryPolicy.kind(new RuntimeException(new TimeoutException())));
        assertEquals(Kind.TIMEOUT, RetryPolicy.kind(server(1969, "70100",
                "Query execution was interrupted (max_statement_time exceeded)")));
        assertTrue(RetryPolicy.isTransient(new VertxException("Timeout", true)), "a request may still be retried");
    }

    @Test
    void bugsAndBadDataAreTheRecordsFault() {
        assertEquals(Kind.FAULT, RetryPolicy.kind(new NullPointerException()));
        assertEquals(Kind.FAULT, RetryPolicy.kind(new IllegalArgumentException("no such instance type")));
        assertEquals(Kind.FAULT, RetryPolicy.kind(new JsonParseException(null, "Unexpected character")));
        assertEquals(Kind.FAULT, RetryPolicy.kind(new SQLException("Duplicate entry", "23000", 1062)));
        assertEquals(Kind.FAULT, RetryPolicy.kind(new ConstraintViolationException("could not insert",
                new SQLException("Cannot add or update a child row", "23000", 1452), "fk")));
        assertEquals(Kind.FAULT, RetryPolicy.kind(server(1406, "22001", "Data too long for column 'name'")));
        assertEquals(Kind.FAULT, RetryPolicy.kind(server(1366, "HY000", "Incorrect string value")));
        assertFalse(RetryPolicy.isTransient(new SQLException("Duplicate entry", "23000", 1062)));
    }

    /** A step that fails {@code failures} times with {@code failure}, then succeeds; counts its runs. */
    private static Uni<String> failing(AtomicInteger runs, int failures, Throwable failure) {
        return Uni.createFrom().deferred(() -> runs.incrementAndGet() <= failures
                ? Uni.createFrom().failure(failure) : Uni.createFrom().item("done"));
    }

    @Test
    void anOutageIsRetriedUntilItPassesATimeoutAndAFaultOnlyABoundedNumberOfTimes() {
        RetryPolicy policy = new RetryPolicy(2, 3, new SimpleMeterRegistry());

        AtomicInteger outage = new AtomicInteger();
        assertEquals("done", policy.retried("test", () -> "outage", failing(outage, 6,
                new ConnectException("Connection refused"))).await().indefinitely());
        assertEquals(7, outage.get());

        AtomicInteger timeout = new AtomicInteger();
        VertxException timedOut = new VertxException("Timeout", true);
        Throwable t = assertThrows(VertxException.class, () -> policy.retried("test", () -> "timeout",
                failing(timeout, Integer.MAX_VALUE, timedOut)).await().indefinitely());
        assertSame(timedOut, t);
        assertEquals(1 + 2, timeout.get(), "the first run and two retries");

        AtomicInteger fault = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> policy.retried("test", () -> "fault",
                failing(fault, Integer.MAX_VALUE, new IllegalStateException("bug"))).await().indefinitely());
        assertEquals(1 + 3, fault.get(), "the first run and three retries");

        AtomicInteger passing = new AtomicInteger();
        assertEquals("done", policy.retried("test", () -> "passing fault", failing(passing, 2,
                new IllegalStateException("once"))).await().indefinitely());
    }
}
