package dev.haneul.billing.bench;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database of the benchmark's own, {@value #NAME}, created before billing starts (Flyway then builds the
 * schema in it) and dropped when the benchmark ends, so the million bulk-loaded rows never touch the tests'
 * database. Connection settings: the test defaults (127.0.0.1:3306, haneul_test), or -Dbench.db.url/user/password.
 */
public class BenchDatabase implements QuarkusTestResourceLifecycleManager {
    static final String NAME = "haneul_billing_bench_test";

    static Connection server() throws SQLException {
        return DriverManager.getConnection(System.getProperty("bench.db.url", "jdbc:mariadb://127.0.0.1:3306/"),
                System.getProperty("bench.db.user", "haneul_test"), System.getProperty("bench.db.password", "haneul_test"));
    }

    @Override
    public Map<String, String> start() {
        try (Connection c = server(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
            s.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the benchmark database " + NAME, e);
        }
        return Map.of("%test.haneul.db.name", NAME);
    }

    @Override
    public void stop() {
        try (Connection c = server(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the benchmark database " + NAME, e);
        }
    }
}
