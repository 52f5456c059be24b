package dev.haneul.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The layering rules every Haneul module keeps, written once (each module's {@code ArchitectureTest} applies
 * them through {@link ServiceArchitectureTest}):
 * <ol>
 * <li>{@link #featuresFreeOfCycles}: the features of a service, its top-level packages under the root (each
 * with its sub-packages, e.g. {@code dev.haneul.compute.instance..}), depend on each other without a cycle. A
 * piece two features share moves down into the lower one (or a package of its own); packages are not merged.</li>
 * <li>{@link #NOTHING_DEPENDS_ON_RESOURCES}: a JAX-RS resource (a class annotated {@code @Path}) is entered by
 * HTTP only. No other class uses it or a type nested in it: resources call services and stores, never the
 * reverse. (A REST client interface annotated {@code @Path} is not a resource.)</li>
 * <li>{@link #RESOURCES_ARE_NOT_LIBRARIES}: a resource offers no public static method, the way a lookup
 * for others would be offered; lookups live in a store or a service.</li>
 * </ol>
 * Each rule is shown to fail on a planted violation in test-support's own tests ({@code ArchitectureRulesTest}).
 */
public final class ArchitectureRules {
    private static final String PATH = "jakarta.ws.rs.Path";

    private ArchitectureRules() {
    }

    /** The production classes of the packages under {@code rootPackage} (tests and dependencies left out). */
    public static JavaClasses productionClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(rootPackage);
    }

    /** Rule 1: no cycle between the top-level packages under {@code rootPackage}, each taken with its sub-packages. */
    public static ArchRule featuresFreeOfCycles(String rootPackage) {
        return SlicesRuleDefinition.slices().matching(rootPackage + ".(*)..").namingSlices("package " + rootPackage
                + ".$1").should().beFreeOfCycles()
                .because("a feature's package depends only on lower ones: a shared piece moves down");
    }

    /** A resource: a class (not a REST client interface) annotated {@code @Path}, or a type nested in one. */
    static final DescribedPredicate<JavaClass> RESOURCE = DescribedPredicate.describe(
            "a JAX-RS resource (a class annotated @Path) or a type nested in one",
            c -> isResource(outermost(c)));

    /** Rule 2: only HTTP enters a resource; no other class depends on one (or on a type nested in one). */
    public static final ArchRule NOTHING_DEPENDS_ON_RESOURCES = ArchRuleDefinition.classes()
            .should(new ArchCondition<JavaClass>("not depend on another class's JAX-RS resource") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    JavaClass home = outermost(item);
                    for (Dependency d : item.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass().getBaseComponentType();
                        if (RESOURCE.test(target) && !outermost(target).equals(home)) {
                            events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                        }
                    }
                }
            })
            .because("resources translate HTTP and call services; a lookup another class needs lives in a store or"
                    + " a service");

    /** Rule 3: a resource has no public static method, the shape of a lookup offered to other classes. */
    public static final ArchRule RESOURCES_ARE_NOT_LIBRARIES = ArchRuleDefinition.classes()
            .that(DescribedPredicate.describe("are JAX-RS resources (classes annotated @Path)",
                    ArchitectureRules::isResource))
            .should(new ArchCondition<JavaClass>("have no public static method") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    for (JavaMethod m : item.getMethods()) {
                        if (m.getModifiers().contains(JavaModifier.PUBLIC) && m.getModifiers()
                                .contains(JavaModifier.STATIC) && !m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            events.add(SimpleConditionEvent.violated(item, m.getFullName()
                                    + " is public and static: a resource is not a library"));
                        }
                    }
                }
            })
            .because("lookups and helpers that other classes need live in a store or a service")
            // a module without resources (service-kit, host-agent) has nothing to check here
            .allowEmptyShould(true);

    private static boolean isResource(JavaClass c) {
        return !c.isInterface() && c.isAnnotatedWith(PATH);
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
