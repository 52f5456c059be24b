package dev.haneul.archfixture.cycle.a.inner;

/** … and b uses a sub-package of a, which belongs to feature a: the cycle a → b → a. */
public class Inner {
}
