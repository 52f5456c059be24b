package dev.haneul.volume;

import dev.haneul.testing.ServiceArchitectureTest;

/** volume-service keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.volume");
    }
}
