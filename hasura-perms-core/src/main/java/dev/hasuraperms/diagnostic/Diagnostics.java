package dev.hasuraperms.diagnostic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A collector of diagnostics. Stages report into one and keep going; at the end the caller asks whether there were
 * errors. Not thread-safe.
 */
public final class Diagnostics {

    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;

    /** Adds a diagnostic. */
    public void add(Diagnostic d) {
        all.add(d);
        if (d.isError()) {
            errors++;
        }
    }

    /** Adds a diagnostic with the code's default severity. */
    public void report(DiagnosticCode code, Origin origin, String message) {
        add(Diagnostic.of(code, origin, message));
    }

    /** Adds a diagnostic with an explicit severity. */
    public void report(DiagnosticCode code, Severity severity, Origin origin, String message) {
        add(Diagnostic.of(code, severity, origin, message));
    }

    /** Adds all of {@code ds}. */
    public void addAll(Collection<Diagnostic> ds) {
        ds.forEach(this::add);
    }

    /** Whether any error was reported. */
    public boolean hasErrors() {
        return errors > 0;
    }

    /** Number of errors reported so far. */
    public int errorCount() {
        return errors;
    }

    /** Number of diagnostics of any severity reported so far. */
    public int size() {
        return all.size();
    }

    /** Everything reported so far, in order. */
    public List<Diagnostic> all() {
        return Collections.unmodifiableList(new ArrayList<>(all));
    }

    /** Throws a {@link DiagnosticException} listing everything when there is an error. */
    public void throwIfErrors(String summary) {
        if (hasErrors()) {
            throw new DiagnosticException(summary, all);
        }
    }
}
