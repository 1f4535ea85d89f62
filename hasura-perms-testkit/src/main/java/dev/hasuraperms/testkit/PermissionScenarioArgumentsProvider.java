package dev.hasuraperms.testkit;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The provider behind {@link PermissionScenarioSource}: one {@link Arguments} per case of the scenario file, the
 * {@link ScenarioCase} {@link Named named} after the case. Not used directly.
 */
public final class PermissionScenarioArgumentsProvider
        implements ArgumentsProvider, AnnotationConsumer<PermissionScenarioSource> {

    private String location = "";

    /** Created by JUnit for each {@link PermissionScenarioSource}. */
    public PermissionScenarioArgumentsProvider() {
    }

    /**
     * Takes the scenario file's location from the annotation.
     *
     * @param source the annotation on the parameterized test
     */
    @Override
    public void accept(PermissionScenarioSource source) {
        this.location = source.value();
    }

    /**
     * The cases of the scenario file, read from the test class's class loader.
     *
     * @param parameters the test method's parameters
     * @param context    the test's context
     * @return one argument set per case
     * @throws IllegalArgumentException when the file cannot be found or is not a valid scenario file
     */
    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        ClassLoader loader = context.getTestClass().map(Class::getClassLoader).orElse(null);
        PermissionScenarios scenarios = PermissionScenarios.from(TestResources.path(location, loader));
        return scenarios.cases().stream().map(c -> Arguments.of(Named.of(c.name(), c)));
    }
}
