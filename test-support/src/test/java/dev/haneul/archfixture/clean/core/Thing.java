package dev.haneul.archfixture.clean.core;

/** The clean fixture's entity. */
public record Thing(String id) {
}
