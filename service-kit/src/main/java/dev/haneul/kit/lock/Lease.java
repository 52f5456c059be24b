package dev.haneul.kit.lock;

/**
 * A granted lock: its name, the random owner id that alone may release or renew it, and its fencing token.
 * The token is larger than the token of every earlier grant of the same name, so a resource that remembers the
 * largest token it has seen can refuse a write from a holder whose lease expired while it was paused.
 */
public record Lease(String name, String owner, long fencingToken) {
}
