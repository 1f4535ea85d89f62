package dev.hasuraperms.metadata;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a loader produced: the model when there were no errors, and every diagnostic (errors and warnings).
 *
 * @param metadata    the model; empty when there was an error
 * @param diagnostics everything reported, in order
 */
public record LoadResult(Optional<Metadata> metadata, List<Diagnostic> diagnostics) {

    /**
     * Creates the record: checks that the components are not null, keeps immutable copies of the collections.
     *
     * @param metadata the model; empty when there was an error
     * @param diagnostics everything reported, in order
     * @throws NullPointerException when a component is null
     */
    public LoadResult {
        Objects.requireNonNull(metadata, "metadata");
        diagnostics = List.copyOf(diagnostics);
    }

    /** {@return whether loading succeeded (no errors; warnings allowed)} */
    public boolean isOk() {
        return metadata.isPresent();
    }

    /** {@return the errors} */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** {@return the warnings} */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** {@return the model, or a {@link DiagnosticException} listing every diagnostic} */
    public Metadata orThrow() {
        return metadata.orElseThrow(() -> new DiagnosticException("metadata could not be loaded", diagnostics));
    }
}
