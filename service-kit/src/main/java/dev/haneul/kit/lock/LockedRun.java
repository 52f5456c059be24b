package dev.haneul.kit.lock;

/**
 * What {@link DistributedLocks#runExclusively} did: ran the work under the lock (with its result), or skipped it
 * because another owner holds the lock or Redis could not be reached ({@code detail} says which).
 */
public record LockedRun<T>(Status status, T result, String detail) {

    /** Whether the work ran, and if not, why. */
    public enum Status {
        RAN, HELD_ELSEWHERE, REDIS_UNAVAILABLE
    }

    public boolean ran() {
        return status == Status.RAN;
    }

    static <T> LockedRun<T> completed(T result) {
        return new LockedRun<>(Status.RAN, result, null);
    }

    static <T> LockedRun<T> skipped(Status status, String detail) {
        return new LockedRun<>(status, null, detail);
    }
}
