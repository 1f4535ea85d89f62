package dev.hasuraperms.diagnostic;

/** How bad a diagnostic is. Loading and checking fail when there is at least one {@link #ERROR}. */
public enum Severity {
    /** The metadata cannot be used as written; loading or checking fails. */
    ERROR,
    /** The metadata can be used, but something is probably not what its author meant (or is ignored). */
    WARNING;

    /**
     * Lower-case name, as printed in messages.
     *
     * @return {@code error} or {@code warning}
     */
    public String label() {
        return this == ERROR ? "error" : "warning";
    }
}
