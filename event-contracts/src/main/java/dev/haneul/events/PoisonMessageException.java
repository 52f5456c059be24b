package dev.haneul.events;

/** A message that can never be processed (not a CloudEvent, unknown type, data that does not bind). */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
