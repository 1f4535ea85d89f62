package dev.hasuraperms.json;

/**
 * Limits that protect readers from hostile or runaway input. Exceeding one is a diagnostic, never an
 * {@code OutOfMemoryError} or {@code StackOverflowError}.
 *
 * @param maxDocumentChars size of one document in characters (files are checked by size before reading)
 * @param maxNestingDepth  nesting of objects and arrays in one document
 * @param maxAliases       YAML aliases to collections in one document
 * @param maxNodes         values in one document after YAML aliases are expanded
 */
public record ReadLimits(int maxDocumentChars, int maxNestingDepth, int maxAliases, int maxNodes) {

    /** 32 Mi characters, depth 512, 50 aliases, 8 million values. */
    public static final ReadLimits DEFAULT = new ReadLimits(32 * 1024 * 1024, 512, 50, 8_000_000);

    public ReadLimits {
        if (maxDocumentChars <= 0 || maxNestingDepth <= 0 || maxAliases < 0 || maxNodes <= 0) {
            throw new IllegalArgumentException("read limits must be positive (aliases may be 0)");
        }
    }

    /** A copy with another document size limit. */
    public ReadLimits withMaxDocumentChars(int chars) {
        return new ReadLimits(chars, maxNestingDepth, maxAliases, maxNodes);
    }

    /** A copy with another nesting limit. */
    public ReadLimits withMaxNestingDepth(int depth) {
        return new ReadLimits(maxDocumentChars, depth, maxAliases, maxNodes);
    }

    /** A copy with another alias limit. */
    public ReadLimits withMaxAliases(int aliases) {
        return new ReadLimits(maxDocumentChars, maxNestingDepth, aliases, maxNodes);
    }

    /** A copy with another node limit. */
    public ReadLimits withMaxNodes(int nodes) {
        return new ReadLimits(maxDocumentChars, maxNestingDepth, maxAliases, nodes);
    }
}
