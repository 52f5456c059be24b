package dev.haneul.kit;

import dev.haneul.testing.ServiceArchitectureTest;

/** service-kit keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.kit");
    }
}
