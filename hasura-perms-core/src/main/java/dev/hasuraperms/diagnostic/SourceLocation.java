package dev.hasuraperms.diagnostic;

import java.util.Objects;

/**
 * A place in a source file: the file as the user named it, and a 1-based line and column. A location that is not
 * known (a model built in code, say) has an empty file and line 0.
 *
 * @param file   the file path as given to the loader, or {@code ""} when unknown or in memory
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

    /** The location of something that was not read from a file. */
    public static final SourceLocation UNKNOWN = new SourceLocation("", 0, 0);

    /**
     * Creates the record: checks that the components are not null, validates them.
     *
     * @param file the file path as given to the loader, or {@code ""} when unknown or in memory
     * @param line 1-based line, or 0 when unknown
     * @param column 1-based column, or 0 when unknown
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is not valid (see the message)
     */
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /** {@return whether a line is known} */
    public boolean isKnown() {
        return line > 0;
    }

    /** {@code file:line:col}, or the parts of it that are known. */
    @Override
    public String toString() {
        if (!isKnown()) {
            return file.isEmpty() ? "<unknown>" : file;
        }
        String f = file.isEmpty() ? "<input>" : file;
        return column > 0 ? f + ":" + line + ":" + column : f + ":" + line;
    }
}
