package dev.haneul.network.common;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL in the current Panache session, for what JPA cannot say: {@code INSERT IGNORE} against a unique
 * key (a conflict becomes "0 rows", the transaction stays usable) and small projections.
 */
public final class Sql {
    private Sql() {
    }

    /** Runs an insert/update/delete; the number of rows it changed. */
    public static Uni<Integer> update(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            Mutiny.Query<Object> q = s.createNativeQuery(sql);
            params.forEach(q::setParameter);
            return q.executeUpdate();
        });
    }

    /** Runs a query that returns one column. */
    @SuppressWarnings("unchecked")
    public static <T> Uni<List<T>> column(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            Mutiny.Query<Object> q = s.createNativeQuery(sql);
            params.forEach(q::setParameter);
            return q.getResultList();
        }).map(rows -> (List<T>) rows);
    }

    /** Runs a query that returns several columns, each row an {@code Object[]}. */
    public static Uni<List<Object[]>> rows(String sql, Map<String, Object> params) {
        return Panache.getSession().chain(s -> {
            Mutiny.SelectionQuery<Object[]> q = s.createNativeQuery(sql, Object[].class);
            params.forEach(q::setParameter);
            return q.getResultList();
        });
    }
}
