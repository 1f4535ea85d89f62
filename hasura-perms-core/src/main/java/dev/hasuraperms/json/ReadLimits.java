package dev.hasuraperms.json;

/**
 * Limits that protect readers from hostile or runaway input. Exceeding one is a diagnostic, never an
 * {@code OutOfMemoryError} or {@code StackOverflowError}.
 *
 * @param maxDocumentSize  size of one document: characters of in-memory text, bytes of a file (checked before the
 *                         file is read, so an oversized file fails at once)
 * @param maxNestingDepth  nesting of objects and arrays in one document
 * @param maxAliases       YAML aliases to collections in one document
 * @param maxNodes         values in one document after YAML aliases are expanded
 */
public record ReadLimits(int maxDocumentSize, int maxNestingDepth, int maxAliases, int maxNodes) {

    /** 32 MiB, depth 512, 50 aliases, 8 million values. */
    public static final ReadLimits DEFAULT = new ReadLimits(32 * 1024 * 1024, 512, 50, 8_000_000);

    public ReadLimits {
        if (maxDocumentSize <= 0 || maxNestingDepth <= 0 || maxAliases < 0 || maxNodes <= 0) {
            throw new IllegalArgumentException("read limits must be positive (aliases may be 0)");
        }
    }

    /** A copy with another document size limit. */
    public ReadLimits withMaxDocumentSize(int size) {
        return new ReadLimits(size, maxNestingDepth, maxAliases, maxNodes);
    }

    /** A copy with another nesting limit. */
    public ReadLimits withMaxNestingDepth(int depth) {
        return new ReadLimits(maxDocumentSize, depth, maxAliases, maxNodes);
    }

    /** A copy with another alias limit. */
    public ReadLimits withMaxAliases(int aliases) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, aliases, maxNodes);
    }

    /** A copy with another node limit. */
    public ReadLimits withMaxNodes(int nodes) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, nodes);
    }
}
