package dev.haneul.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@code String} field of a test to receive the test broker's bootstrap servers. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface KafkaBootstrap {
}
