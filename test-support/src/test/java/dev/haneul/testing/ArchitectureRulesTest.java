package dev.haneul.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Each of {@link ArchitectureRules} fails on its planted violation (the fixtures under
 * {@code dev.haneul.archfixture}, test classes of this module) and passes on the clean fixture, so no rule
 * can pass by checking nothing.
 */
class ArchitectureRulesTest {
    private static final String FIXTURES = "dev.haneul.archfixture";

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages(FIXTURES + "." + name);
    }

    private static String failure(ArchRule rule, JavaClasses classes) {
        return assertThrows(AssertionError.class, () -> rule.check(classes)).getMessage();
    }

    @Test
    void everyRulePassesOnTheCleanFixture() {
        JavaClasses clean = fixture("clean");
        assertDoesNotThrow(() -> ArchitectureRules.featuresFreeOfCycles(FIXTURES + ".clean").check(clean));
        assertDoesNotThrow(() -> ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES.check(clean));
        assertDoesNotThrow(() -> ArchitectureRules.RESOURCES_ARE_NOT_LIBRARIES.check(clean));
    }

    @Test
    void aCycleThroughASubPackageFailsRuleOne() {
        JavaClasses cycle = fixture("cycle");
        String message = failure(ArchitectureRules.featuresFreeOfCycles(FIXTURES + ".cycle"), cycle);
        assertTrue(message.contains("Cycle detected"), message);
        assertTrue(message.contains("cycle.a") && message.contains("cycle.b"), message);
        assertDoesNotThrow(() -> ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES.check(cycle));
    }

    @Test
    void aServiceUsingAResourceOrItsNestedTypeFailsRuleTwo() {
        JavaClasses calls = fixture("callsresource");
        String message = failure(ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES, calls);
        assertTrue(message.contains("OrderReport") && message.contains("OrderResource.get"), message);
        assertTrue(message.contains("OrderExport") && message.contains("OrderResource$OrderView"), message);
        assertDoesNotThrow(() -> ArchitectureRules.featuresFreeOfCycles(FIXTURES + ".callsresource").check(calls));
        assertDoesNotThrow(() -> ArchitectureRules.RESOURCES_ARE_NOT_LIBRARIES.check(calls));
    }

    @Test
    void aResourceOfferingAPublicStaticLookupFailsRuleThree() {
        JavaClasses lookup = fixture("staticlookup");
        String message = failure(ArchitectureRules.RESOURCES_ARE_NOT_LIBRARIES, lookup);
        assertTrue(message.contains("KeyResource.find"), message);
        assertDoesNotThrow(() -> ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES.check(lookup));
    }

    @Test
    void rulesOverNoClassesFail() {
        // a wrong root package, or production classes of a module that has only tests, checks nothing: that fails
        JavaClasses none = ArchitectureRules.productionClasses(FIXTURES);
        assertTrue(none.isEmpty());
        failure(ArchitectureRules.featuresFreeOfCycles(FIXTURES), none);
        failure(ArchitectureRules.NOTHING_DEPENDS_ON_RESOURCES, none);
    }
}
