package dev.haneul.kit.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Deletes a table's rows older than an age in bounded batches: each batch is one short
 * {@code DELETE … WHERE <column> < NOW(6) - INTERVAL ? SECOND ORDER BY <column> LIMIT n} in a transaction of its
 * own (autocommit; the age measured by the database's clock, in which the rows were stamped), so a
 * prune of millions of rows never holds locks for long or grows the undo log, and the service keeps writing the
 * table meanwhile. The column must be indexed. Used for the kit's inbox ({@link InboxRetention}) and by services
 * for their own ever-growing tables.
 */
@ApplicationScoped
public class TablePruner {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private static final Logger LOG = Logger.getLogger(TablePruner.class);

    private final Pool pool;
    private final MeterRegistry meters;

    public TablePruner(Pool pool, MeterRegistry meters) {
        this.pool = pool;
        this.meters = meters;
    }

    /**
     * {@link #pruneOlderThan}, reported the one way every retention job reports: the rows deleted counted in
     * {@code metric}, and an INFO line naming {@code what} when there were any.
     */
    public Uni<Long> prune(String what, String table, String column, Duration age, int batch, String metric) {
        return pruneOlderThan(table, column, age, batch).invoke(n -> {
            meters.counter(metric).increment(n);
            if (n > 0) {
                LOG.infof("%d %s older than %s deleted", n, what, age);
            }
        });
    }

    /** Deletes the rows whose {@code column} is more than {@code age} ago, {@code batch} at a time; answers how many. */
    public Uni<Long> pruneOlderThan(String table, String column, Duration age, int batch) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(column).matches() || batch < 1 || age.isNegative()) {
            throw new IllegalArgumentException("table " + table + ", column " + column + ", batch " + batch
                    + ", age " + age);
        }
        String sql = "DELETE FROM " + table + " WHERE " + column + " < NOW(6) - INTERVAL ? SECOND ORDER BY " + column
                + " LIMIT " + batch;
        return next(sql, age.toSeconds(), batch, 0L);
    }

    private Uni<Long> next(String sql, long seconds, int batch, long deleted) {
        return pool.preparedQuery(sql).execute(Tuple.of(seconds)).chain(rows -> {
            long total = deleted + rows.rowCount();
            return rows.rowCount() < batch ? Uni.createFrom().item(total) : next(sql, seconds, batch, total);
        });
    }
}
