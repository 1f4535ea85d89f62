package dev.hasuraperms.types;

/** A value is not valid input for a PostgreSQL type. The message says why, in one line. */
public final class ValueParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ValueParseException(String message) {
        super(message, null, false, false);
    }
}
