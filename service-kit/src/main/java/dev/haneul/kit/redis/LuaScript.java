package dev.haneul.kit.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Redis Lua script, read once from its {@code .lua} resource beside the class that runs it and sent with
 * {@code EVAL}. Haneul's Lua lives in {@code .lua} files (each states its KEYS, ARGV and answer at its top), never
 * in Java strings.
 */
public final class LuaScript {
    private final String source;

    private LuaScript(String source) {
        this.source = source;
    }

    /** The script {@code <name>.lua} in {@code owner}'s package. */
    public static LuaScript named(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("no Lua script " + name + ".lua beside " + owner.getName());
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script on {@code keys} with {@code args}. */
    public Uni<Response> eval(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        String[] cmd = new String[2 + keys.size() + args.size()];
        cmd[0] = source;
        cmd[1] = String.valueOf(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            cmd[2 + i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            cmd[2 + keys.size() + i] = args.get(i);
        }
        return redis.execute("EVAL", cmd);
    }
}
