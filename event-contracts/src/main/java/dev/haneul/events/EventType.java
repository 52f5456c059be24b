package dev.haneul.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The CloudEvents {@code type} of an event record and the topic it travels on. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** For example {@code haneul.instance.running.v1}. */
    String value();

    /** One of {@link Topics}. */
    String topic();
}
