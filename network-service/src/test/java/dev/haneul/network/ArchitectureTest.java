package dev.haneul.network;

import dev.haneul.testing.ServiceArchitectureTest;

/** network-service keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.network");
    }
}
