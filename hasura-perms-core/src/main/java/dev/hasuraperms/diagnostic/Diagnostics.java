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

    /** How many diagnostics a collector keeps by default (load and check: {@code maxDiagnostics}). */
    public static final int DEFAULT_MAX = 1_000;

    private final int max;
    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;
    private int reported;
    private int suppressedErrors;
    private int suppressedWarnings;
    private Diagnostic firstSuppressed;

    /** A collector that keeps the first {@value #DEFAULT_MAX} diagnostics. */
    public Diagnostics() {
        this(DEFAULT_MAX);
    }

    /**
     * A collector that keeps the first {@code max} diagnostics and counts the rest: {@link #all()} ends with one
     * {@link DiagnosticCode#TOO_MANY_DIAGNOSTICS} saying how many were not kept, an error when any of them was one.
     * {@link #hasErrors()}, {@link #errorCount()} and {@link #size()} count every diagnostic reported.
     *
     * @param max the most diagnostics kept; positive
     */
    public Diagnostics(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
    }

    /**
     * Adds a diagnostic (counts it only, once {@code max} are kept).
     *
     * @param d the diagnostic; never null
     */
    public void add(Diagnostic d) {
        reported++;
        if (d.isError()) {
            errors++;
        }
        if (all.size() < max) {
            all.add(d);
            return;
        }
        if (firstSuppressed == null) {
            firstSuppressed = d;
        }
        if (d.isError()) {
            suppressedErrors++;
        } else {
            suppressedWarnings++;
        }
    }

    /**
     * Adds a diagnostic with the code's default severity.
     *
     * @param code the code; never null
     * @param origin where the problem is; never null
     * @param message one line, no trailing period; never null
     */
    public void report(DiagnosticCode code, Origin origin, String message) {
        add(Diagnostic.of(code, origin, message));
    }

    /**
     * Adds a diagnostic with an explicit severity.
     *
     * @param code the code; never null
     * @param severity the severity to report instead of the code's default; never null
     * @param origin where the problem is; never null
     * @param message one line, no trailing period; never null
     */
    public void report(DiagnosticCode code, Severity severity, Origin origin, String message) {
        add(Diagnostic.of(code, severity, origin, message));
    }

    /**
     * Adds all of {@code ds}.
     *
     * @param ds the diagnostics to add; never null
     */
    public void addAll(Collection<Diagnostic> ds) {
        ds.forEach(this::add);
    }

    /**
     * Adds what {@code other} collected: its kept diagnostics one by one, and its uncounted rest as counts (never
     * its {@code TOO_MANY_DIAGNOSTICS} summary as a diagnostic of its own).
     *
     * @param other the collector to copy from; never null
     */
    public void addAll(Diagnostics other) {
        other.all.forEach(this::add);
        int more = other.suppressedErrors + other.suppressedWarnings;
        if (more == 0) {
            return;
        }
        reported += more;
        errors += other.suppressedErrors;
        if (all.size() < max) {
            // a kept diagnostic stands for the rest, which this collector can no longer list either
            all.add(other.summary());
            return;
        }
        if (firstSuppressed == null) {
            firstSuppressed = other.firstSuppressed;
        }
        suppressedErrors += other.suppressedErrors;
        suppressedWarnings += other.suppressedWarnings;
    }

    /** {@return whether any error was reported (kept or not)} */
    public boolean hasErrors() {
        return errors > 0;
    }

    /** {@return number of errors reported so far, kept or not} */
    public int errorCount() {
        return errors;
    }

    /** {@return number of diagnostics of any severity reported so far, kept or not} */
    public int size() {
        return reported;
    }

    /**
     * Everything kept so far, in order, followed by a {@code TOO_MANY_DIAGNOSTICS} summary when some were not.
     *
     * @return the kept diagnostics and the summary, an immutable list, never null
     */
    public List<Diagnostic> all() {
        List<Diagnostic> out = new ArrayList<>(all.size() + 1);
        out.addAll(all);
        if (firstSuppressed != null) {
            out.add(summary());
        }
        return Collections.unmodifiableList(out);
    }

    private Diagnostic summary() {
        int more = suppressedErrors + suppressedWarnings;
        return new Diagnostic(DiagnosticCode.TOO_MANY_DIAGNOSTICS, suppressedErrors > 0 ? Severity.ERROR : Severity.WARNING,
                more + " more diagnostic" + (more == 1 ? "" : "s") + " not shown (" + suppressedErrors + " error"
                        + (suppressedErrors == 1 ? "" : "s") + ", " + suppressedWarnings + " warning"
                        + (suppressedWarnings == 1 ? "" : "s") + "; at most " + max + " are kept), the first: ["
                        + firstSuppressed.code().name() + "] " + firstSuppressed.message(),
                firstSuppressed.jsonPath(), firstSuppressed.location());
    }

    /**
     * Throws a {@link DiagnosticException} listing everything when there is an error.
     *
     * @param summary the first line of the exception's message; never null
     * @throws DiagnosticException when an error was added
     */
    public void throwIfErrors(String summary) {
        if (hasErrors()) {
            throw new DiagnosticException(summary, all());
        }
    }
}
