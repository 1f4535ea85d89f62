package dev.hasuraperms.jooq;

import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import java.util.Objects;

/**
 * One statement of a SQL script, without its terminating semicolon, and where it starts (its first character that is
 * not white space or a comment).
 *
 * @param text   the statement text
 * @param file   the file as the caller named it, {@code ""} for text given in memory
 * @param line   1-based line of the first character
 * @param column 1-based column of the first character
 */
record SqlStatement(String text, String file, int line, int column) {

    SqlStatement {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(file, "file");
    }

    /** Where the statement starts. */
    SourceLocation location() {
        return new SourceLocation(file, line, column);
    }

    /** The origin diagnostics about this statement are reported at. */
    Origin origin() {
        return Origin.of("$", location());
    }
}
