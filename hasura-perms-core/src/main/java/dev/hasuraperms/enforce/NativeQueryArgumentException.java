package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;

/**
 * A native query is called with an argument it does not declare, without a required argument, with null for a
 * non-nullable one, or with a value that is not valid input for the argument's type. Thrown before any SQL runs.
 */
public final class NativeQueryArgumentException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The native query. */
    private final String nativeQuery;
    /** The argument. */
    private final String argument;

    /**
     * A refused argument.
     *
     * @param nativeQuery the native query's root field name
     * @param argument    the argument's name
     * @param message     why it is refused (one line)
     */
    public NativeQueryArgumentException(String nativeQuery, String argument, String message) {
        super(DiagnosticCode.NATIVE_QUERY_ARGUMENT, "native query " + nativeQuery + ", argument " + argument + ": "
                + message);
        this.nativeQuery = nativeQuery;
        this.argument = argument;
    }

    /** {@return the native query's root field name} */
    public String nativeQuery() {
        return nativeQuery;
    }

    /** {@return the argument's name} */
    public String argument() {
        return argument;
    }
}
