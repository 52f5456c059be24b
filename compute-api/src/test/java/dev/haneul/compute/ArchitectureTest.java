package dev.haneul.compute;

import dev.haneul.testing.ServiceArchitectureTest;

/** compute-api keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.compute");
    }
}
