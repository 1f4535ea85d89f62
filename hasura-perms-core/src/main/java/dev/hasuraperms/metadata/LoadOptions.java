package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.json.ReadLimits;
import java.util.Objects;

/**
 * Options of the metadata loaders.
 *
 * @param readLimits     limits on each file or document read (size, nesting, YAML aliases, values)
 * @param maxFilterDepth the deepest nesting of objects allowed in one boolean expression (default 64)
 */
public record LoadOptions(ReadLimits readLimits, int maxFilterDepth) {

    /** Default limits and a maximum filter depth of 64. */
    public static final LoadOptions DEFAULT = new LoadOptions(ReadLimits.DEFAULT, BoolExpParser.DEFAULT_MAX_DEPTH);

    public LoadOptions {
        Objects.requireNonNull(readLimits, "readLimits");
        if (maxFilterDepth < 1) {
            throw new IllegalArgumentException("maxFilterDepth must be at least 1, was " + maxFilterDepth);
        }
    }

    /** A copy with other read limits. */
    public LoadOptions withReadLimits(ReadLimits limits) {
        return new LoadOptions(limits, maxFilterDepth);
    }

    /** A copy with another maximum filter depth. */
    public LoadOptions withMaxFilterDepth(int depth) {
        return new LoadOptions(readLimits, depth);
    }
}
