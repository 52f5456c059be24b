package dev.haneul.kit.ratelimit;

import java.util.regex.Pattern;

/**
 * The action classes of EC2's request throttling, with EC2's default bucket sizes (capacity / refill per
 * second): describe 100/20, mutating 50/5, launch (RunInstances, StartInstances) 5/2.
 */
public enum ActionClass {
    DESCRIBE(100, 20), MUTATING(50, 5), LAUNCH(5, 2);

    private static final Pattern LAUNCH_PATH = Pattern.compile(
            "^/v1/instances/?$|^/v1/instances/([^/]+/)?start/?$");

    final int capacity;
    final double refillPerSecond;

    ActionClass(int capacity, double refillPerSecond) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
    }

    /** The class of a request: reads are describe calls, launches and starts are launch calls, the rest mutate. */
    public static ActionClass of(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return DESCRIBE;
        }
        if ("POST".equals(method) && LAUNCH_PATH.matcher(path).find()) {
            return LAUNCH;
        }
        return MUTATING;
    }
}
