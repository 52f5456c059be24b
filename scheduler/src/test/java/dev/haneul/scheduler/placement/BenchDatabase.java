package dev.haneul.scheduler.placement;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The placement benchmark's own database, created (as root on 127.0.0.1, which has no password on the
 * development machine) before the application starts and dropped when it stops; the application connects with
 * the test user, granted that database only.
 */
public class BenchDatabase implements QuarkusTestResourceLifecycleManager {
    static final String NAME = "haneul_bench_placement";
    private static final String ROOT_URL = "jdbc:mariadb://127.0.0.1:3306/";

    @Override
    public Map<String, String> start() {
        run("DROP DATABASE IF EXISTS " + NAME, "CREATE DATABASE " + NAME,
                "GRANT ALL ON " + NAME + ".* TO 'haneul_test'@'127.0.0.1'",
                "GRANT ALL ON " + NAME + ".* TO 'haneul_test'@'localhost'");
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:mariadb://127.0.0.1:3306/" + NAME,
                "quarkus.datasource.reactive.url", "mysql://127.0.0.1:3306/" + NAME);
    }

    @Override
    public void stop() {
        run("DROP DATABASE IF EXISTS " + NAME);
    }

    private static void run(String... sql) {
        try (Connection c = DriverManager.getConnection(ROOT_URL, "root", ""); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark database: " + e.getMessage(), e);
        }
    }
}
