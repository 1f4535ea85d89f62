package dev.hasuraperms.json;

/**
 * Limits that protect readers from hostile or runaway input. Exceeding one is a diagnostic, never an
 * {@code OutOfMemoryError}, a {@code StackOverflowError} or a hang.
 *
 * <p>The size limit holds for each file (or in-memory document); the others hold for the <b>whole loaded
 * document</b>: a CLI metadata directory counts every file it reads, every {@code !include} and every value of every
 * file together, so splitting hostile content over many files (or including one file many times) gains nothing.
 *
 * @param maxDocumentSize    size of one document: characters of in-memory text, bytes of a file (checked before the
 *                           file is read, and again while it is read, so an oversized file fails at once)
 * @param maxNestingDepth    nesting of objects and arrays in one document
 * @param maxAliases         YAML aliases to collections in one file
 * @param maxNodes           values in the whole document, YAML aliases expanded and {@code !include}s inlined
 * @param maxAliasExpansion  values that YAML aliases add to the whole document when expanded (a "billion laughs" file
 *                           is refused before anything is expanded)
 * @param maxTotalBytes      bytes read from all the files of a metadata directory together
 * @param maxIncludes        {@code !include}s resolved in a metadata directory, counted each time a file is included
 * @param maxIncludeDepth    files including files including files...: the longest chain of {@code !include}s
 */
public record ReadLimits(int maxDocumentSize, int maxNestingDepth, int maxAliases, int maxNodes,
                         int maxAliasExpansion, long maxTotalBytes, int maxIncludes, int maxIncludeDepth) {

    /**
     * 32 MiB per file, depth 512, 50 aliases, 8 million values, 100,000 values added by aliases, 128 MiB read in
     * total, 20,000 includes, include chains of 32 files.
     */
    public static final ReadLimits DEFAULT = new ReadLimits(32 * 1024 * 1024, 512, 50, 8_000_000);

    /**
     * Creates the record: validates them.
     *
     * @param maxDocumentSize size of one document: characters of in-memory text, bytes of a file (checked before the
     *     file is read, and again while it is read, so an oversized file fails at once)
     * @param maxNestingDepth nesting of objects and arrays in one document
     * @param maxAliases YAML aliases to collections in one file
     * @param maxNodes values in the whole document, YAML aliases expanded and {@code !include}s inlined
     * @param maxAliasExpansion values that YAML aliases add to the whole document when expanded (a "billion laughs"
     *     file is refused before anything is expanded)
     * @param maxTotalBytes bytes read from all the files of a metadata directory together
     * @param maxIncludes {@code !include}s resolved in a metadata directory, counted each time a file is included
     * @param maxIncludeDepth files including files including files...: the longest chain of {@code !include}s
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public ReadLimits {
        if (maxDocumentSize <= 0 || maxNestingDepth <= 0 || maxAliases < 0 || maxNodes <= 0 || maxAliasExpansion < 0
                || maxTotalBytes <= 0 || maxIncludes < 0 || maxIncludeDepth < 0) {
            throw new IllegalArgumentException("read limits must be positive (aliases, alias expansion, includes and "
                    + "include depth may be 0)");
        }
    }

    /**
     * The first four limits as given, the whole-directory ones ({@link #maxAliasExpansion} on) at their defaults.
     *
     * @param maxDocumentSize the most characters in one document
     * @param maxNestingDepth the deepest nesting of objects and arrays
     * @param maxAliases the most YAML aliases in one document
     * @param maxNodes the most values in one document, aliases expanded
     */
    public ReadLimits(int maxDocumentSize, int maxNestingDepth, int maxAliases, int maxNodes) {
        this(maxDocumentSize, maxNestingDepth, maxAliases, maxNodes, DEFAULT_ALIAS_EXPANSION, DEFAULT_TOTAL_BYTES,
                DEFAULT_INCLUDES, DEFAULT_INCLUDE_DEPTH);
    }

    private static final int DEFAULT_ALIAS_EXPANSION = 100_000;
    private static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;
    private static final int DEFAULT_INCLUDES = 20_000;
    private static final int DEFAULT_INCLUDE_DEPTH = 32;

    /**
     * {@return a copy with another document size limit}
     *
     * @param size the most characters in one document
     */
    public ReadLimits withMaxDocumentSize(int size) {
        return new ReadLimits(size, maxNestingDepth, maxAliases, maxNodes, maxAliasExpansion, maxTotalBytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another nesting limit}
     *
     * @param depth the deepest nesting of objects and arrays
     */
    public ReadLimits withMaxNestingDepth(int depth) {
        return new ReadLimits(maxDocumentSize, depth, maxAliases, maxNodes, maxAliasExpansion, maxTotalBytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another alias limit}
     *
     * @param aliases the most YAML aliases in one document
     */
    public ReadLimits withMaxAliases(int aliases) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, aliases, maxNodes, maxAliasExpansion, maxTotalBytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another node limit}
     *
     * @param nodes the most values in one document, aliases expanded
     */
    public ReadLimits withMaxNodes(int nodes) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, nodes, maxAliasExpansion, maxTotalBytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another limit on the values YAML aliases add}
     *
     * @param nodes the most values YAML aliases may add, over all files
     */
    public ReadLimits withMaxAliasExpansion(int nodes) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, maxNodes, nodes, maxTotalBytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another limit on the bytes read from all files together}
     *
     * @param bytes the most bytes read from all files together
     */
    public ReadLimits withMaxTotalBytes(long bytes) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, maxNodes, maxAliasExpansion, bytes,
                maxIncludes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another limit on the number of includes}
     *
     * @param includes the most {@code !include}s followed, over all files
     */
    public ReadLimits withMaxIncludes(int includes) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, maxNodes, maxAliasExpansion, maxTotalBytes,
                includes, maxIncludeDepth);
    }

    /**
     * {@return a copy with another limit on the length of include chains}
     *
     * @param depth the longest chain of {@code !include}s
     */
    public ReadLimits withMaxIncludeDepth(int depth) {
        return new ReadLimits(maxDocumentSize, maxNestingDepth, maxAliases, maxNodes, maxAliasExpansion, maxTotalBytes,
                maxIncludes, depth);
    }
}
