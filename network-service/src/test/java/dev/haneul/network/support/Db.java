package dev.haneul.network.support;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Reads (and, to plant an inconsistency, writes) the service's database from a test, on a Vert.x context as
 * Hibernate Reactive requires.
 */
public final class Db {
    private Db() {
    }

    /** The number a {@code SELECT COUNT(*) …} answers. */
    public static long count(String sql) {
        try {
            Object n = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql).getSingleResult())));
            return ((Number) n).longValue();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one native insert, update or delete in its own transaction; the rows it changed. */
    public static int update(String sql) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql).executeUpdate())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
