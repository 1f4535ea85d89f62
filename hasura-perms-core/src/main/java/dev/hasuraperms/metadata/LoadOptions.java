package dev.hasuraperms.metadata;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.json.ReadLimits;
import dev.hasuraperms.diagnostic.Diagnostics;
import java.util.Objects;

/**
 * Options of the metadata loaders.
 *
 * @param readLimits     limits on each file or document read (size, nesting, YAML aliases, values)
 * @param maxFilterDepth the deepest nesting of objects allowed in one boolean expression (default 64)
 * @param maxDiagnostics the most diagnostics one load lists (default 1,000); the rest are counted in one final
 *                       {@code TOO_MANY_DIAGNOSTICS}, an error when any of them is
 */
public record LoadOptions(ReadLimits readLimits, int maxFilterDepth, int maxDiagnostics) {

    /** Default limits, a maximum filter depth of 64 and at most 1,000 diagnostics listed. */
    public static final LoadOptions DEFAULT = new LoadOptions(ReadLimits.DEFAULT, BoolExpParser.DEFAULT_MAX_DEPTH,
            Diagnostics.DEFAULT_MAX);

    /**
     * Creates the record: checks that the components are not null, validates them.
     *
     * @param readLimits limits on each file or document read (size, nesting, YAML aliases, values)
     * @param maxFilterDepth the deepest nesting of objects allowed in one boolean expression (default 64)
     * @param maxDiagnostics the most diagnostics one load lists (default 1,000); the rest are counted in one final
     *     {@code TOO_MANY_DIAGNOSTICS}, an error when any of them is
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public LoadOptions {
        Objects.requireNonNull(readLimits, "readLimits");
        if (maxFilterDepth < 1) {
            throw new IllegalArgumentException("maxFilterDepth must be at least 1, was " + maxFilterDepth);
        }
        if (maxDiagnostics < 1) {
            throw new IllegalArgumentException("maxDiagnostics must be at least 1, was " + maxDiagnostics);
        }
    }

    /**
     * Options with the default number of diagnostics listed ({@value Diagnostics#DEFAULT_MAX}).
     *
     * @param readLimits the limits on each document read; never null
     * @param maxFilterDepth the deepest boolean expression accepted; positive
     */
    public LoadOptions(ReadLimits readLimits, int maxFilterDepth) {
        this(readLimits, maxFilterDepth, Diagnostics.DEFAULT_MAX);
    }

    /**
     * {@return a copy with other read limits}
     *
     * @param limits the limits on each document read; never null
     */
    public LoadOptions withReadLimits(ReadLimits limits) {
        return new LoadOptions(limits, maxFilterDepth, maxDiagnostics);
    }

    /**
     * {@return a copy with another maximum filter depth}
     *
     * @param depth the deepest boolean expression accepted; positive
     */
    public LoadOptions withMaxFilterDepth(int depth) {
        return new LoadOptions(readLimits, depth, maxDiagnostics);
    }

    /**
     * {@return a copy that lists at most {@code max} diagnostics (at least 1)}
     *
     * @param max the most diagnostics listed; at least 1
     */
    public LoadOptions withMaxDiagnostics(int max) {
        return new LoadOptions(readLimits, maxFilterDepth, max);
    }
}
