package dev.hasuraperms.internal.json;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.json.ReadLimits;

/**
 * What one load has spent of its {@link ReadLimits}, shared by every file of the document (a CLI directory's files
 * and includes), so the limits hold for the whole document and not per file. Once a limit is exceeded the budget is
 * exhausted: it is reported once, and every reader sharing the budget stops. Not thread-safe; one per load.
 */
public final class ReadBudget {

    private final ReadLimits limits;
    private long nodes;
    private long aliasNodes;
    private long bytes;
    private int includes;
    private boolean exhausted;

    public ReadBudget(ReadLimits limits) {
        this.limits = limits;
    }

    public ReadLimits limits() {
        return limits;
    }

    /** Whether a limit was exceeded (and reported): readers stop. */
    public boolean exhausted() {
        return exhausted;
    }

    /** Takes one value; false (reported) when the document has more than {@link ReadLimits#maxNodes}. */
    boolean node(Diagnostics d, Origin at) {
        if (++nodes > limits.maxNodes()) {
            return exceed(d, DiagnosticCode.DOCUMENT_TOO_LARGE, at, "document has more than " + limits.maxNodes()
                    + " values (YAML aliases expanded, includes inlined)");
        }
        return !exhausted;
    }

    /**
     * Takes the values YAML aliases in one file would add ({@code extra}) and the file's values once expanded
     * ({@code total}), before anything is expanded; false (reported) when over a limit.
     */
    boolean aliasExpansion(Diagnostics d, Origin at, long extra, long total) {
        aliasNodes += extra;
        if (aliasNodes > limits.maxAliasExpansion()) {
            return exceed(d, DiagnosticCode.TOO_MANY_ALIASES, at, "YAML aliases expand to more than "
                    + limits.maxAliasExpansion() + " values");
        }
        if (nodes + total > limits.maxNodes()) {
            return exceed(d, DiagnosticCode.DOCUMENT_TOO_LARGE, at, "document has more than " + limits.maxNodes()
                    + " values (YAML aliases expanded, includes inlined)");
        }
        return true;
    }

    /** Takes {@code n} bytes read from a file; false (reported) past {@link ReadLimits#maxTotalBytes}. */
    public boolean bytes(Diagnostics d, Origin at, long n) {
        bytes += n;
        if (bytes > limits.maxTotalBytes()) {
            return exceed(d, DiagnosticCode.DOCUMENT_TOO_LARGE, at, "the metadata directory's files have more than "
                    + limits.maxTotalBytes() + " bytes in total (included files counted each time they are included)");
        }
        return !exhausted;
    }

    /** Takes one include at {@code depth} (1 for a file included by a top-level file); false (reported) when over. */
    public boolean include(Diagnostics d, Origin at, int depth) {
        if (++includes > limits.maxIncludes()) {
            return exceed(d, DiagnosticCode.DOCUMENT_TOO_LARGE, at, "the metadata directory has more than "
                    + limits.maxIncludes() + " includes (a file is counted each time it is included)");
        }
        if (depth > limits.maxIncludeDepth()) {
            return exceed(d, DiagnosticCode.NESTING_TOO_DEEP, at, "includes nest deeper than "
                    + limits.maxIncludeDepth() + " files");
        }
        return !exhausted;
    }

    private boolean exceed(Diagnostics d, DiagnosticCode code, Origin at, String message) {
        if (!exhausted) {
            exhausted = true;
            d.report(code, at, message);
        }
        return false;
    }
}
