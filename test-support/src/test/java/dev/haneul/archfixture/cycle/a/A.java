package dev.haneul.archfixture.cycle.a;

import dev.haneul.archfixture.cycle.b.B;

/** Planted violation of rule 1, with {@link B}: package a uses b … */
public class A {
    public String name(B b) {
        return b.toString();
    }
}
