package dev.haneul.billing;

import dev.haneul.testing.ServiceArchitectureTest;

/** billing keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.billing");
    }
}
