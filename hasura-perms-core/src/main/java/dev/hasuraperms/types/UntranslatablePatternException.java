package dev.hasuraperms.types;

/**
 * A valid PostgreSQL pattern that {@link PgRegex} cannot map onto {@link java.util.regex} with certainty (back
 * references, collating elements, some embedded options, ...). PostgreSQL itself would accept it.
 */
public final class UntranslatablePatternException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal with this message.
     *
     * @param message what cannot be translated, one line; never null
     */
    public UntranslatablePatternException(String message) {
        super(message, null, false, false);
    }
}
