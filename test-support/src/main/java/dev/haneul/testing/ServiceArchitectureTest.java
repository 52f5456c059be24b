package dev.haneul.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Applies {@link ArchitectureRules} to one module's production classes: each module's {@code ArchitectureTest}
 * extends this with its root package ({@code dev.haneul.compute}, …), so a rule added there holds in every
 * service at once. Plain JUnit, no Quarkus: it reads class files only (once per test class).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceArchitectureTest {
    private final String rootPackage;
    private final JavaClasses classes;

    protected ServiceArchitectureTest(String rootPackage) {
        this.rootPackage = rootPackage;
        this.classes = ArchitectureRules.productionClasses(rootPackage);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        ArchitectureRules.featuresFreeOfCycles(rootPackage).check(classes);
    }

    @Test
    void nothingButHttpUsesAResource() {
        ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES.check(classes);
    }

    @Test
    void resourcesAreNotLibraries() {
        ArchitectureRules.RESOURCES_ARE_NOT_LIBRARIES.check(classes);
    }
}
