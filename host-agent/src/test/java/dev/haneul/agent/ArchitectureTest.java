package dev.haneul.agent;

import dev.haneul.testing.ServiceArchitectureTest;

/** host-agent keeps the architecture rules (dev.haneul.testing.ArchitectureRules, in test-support). */
class ArchitectureTest extends ServiceArchitectureTest {
    ArchitectureTest() {
        super("dev.haneul.agent");
    }
}
