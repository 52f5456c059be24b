package dev.haneul.archfixture.cycle.b;

import dev.haneul.archfixture.cycle.a.inner.Inner;

/** Planted violation of rule 1: uses a sub-package of feature a, which uses this package. */
public class B {
    public Inner inner() {
        return new Inner();
    }
}
