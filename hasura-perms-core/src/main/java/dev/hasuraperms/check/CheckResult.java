package dev.hasuraperms.check;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checker produced: the checked permissions when there was no error, and every diagnostic.
 *
 * @param permissions the checked model; empty when there was an error
 * @param diagnostics everything reported, errors and warnings
 */
public record CheckResult(Optional<CheckedPermissions> permissions, List<Diagnostic> diagnostics) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param permissions the checked model; empty when there was an error
     * @param diagnostics everything reported, errors and warnings
     * @throws NullPointerException when a component is null
     */
    public CheckResult {
        Objects.requireNonNull(permissions, "permissions");
        diagnostics = List.copyOf(diagnostics);
    }

    /** {@return whether checking succeeded (warnings allowed)} */
    public boolean isOk() {
        return permissions.isPresent();
    }

    /** {@return the errors} */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** {@return the warnings} */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** {@return the checked model, or a {@link DiagnosticException} listing every diagnostic} */
    public CheckedPermissions orThrow() {
        return permissions.orElseThrow(() -> new DiagnosticException("metadata does not type-check against the schema", diagnostics));
    }
}
