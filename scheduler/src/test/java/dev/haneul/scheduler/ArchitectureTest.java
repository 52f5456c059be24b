package dev.haneul.scheduler;

import dev.haneul.testing.ServiceArchitectureTest;

/** scheduler keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.scheduler");
    }
}
