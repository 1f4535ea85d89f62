package dev.hasuraperms.types;

/** A value is not valid input for a PostgreSQL type. The message says why, in one line. */
public final class ValueParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what is wrong with the value, one line; never null
     */
    public ValueParseException(String message) {
        super(message, null, false, false);
    }
}
