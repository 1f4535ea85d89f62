package dev.hasuraperms.enforce;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.names.QualifiedName;

/**
 * A call of a tracked function names an argument the function does not have (or its session argument), omits one
 * without a default, or gives a value that is not valid input for the argument's type. Code
 * {@code INVALID_FUNCTION_ARGUMENT}; thrown before any SQL runs.
 */
public final class InvalidFunctionArgumentException extends HasuraPermsException {

    private static final long serialVersionUID = 1L;

    /** The function. */
    private final QualifiedName function;
    /** The argument. */
    private final String argument;

    /**
     * A refusal.
     *
     * @param function the function called
     * @param argument the argument concerned
     * @param message  what is wrong, one line
     */
    public InvalidFunctionArgumentException(QualifiedName function, String argument, String message) {
        super(DiagnosticCode.INVALID_FUNCTION_ARGUMENT, "function " + function + ", argument "
                + dev.hasuraperms.json.JsonString.of(argument).toJson() + ": " + message);
        this.function = function;
        this.argument = argument;
    }

    /**
     * The function.
     *
     * @return the function
     */
    public QualifiedName function() {
        return function;
    }

    /**
     * The argument (the name a caller gives it by).
     *
     * @return the argument
     */
    public String argument() {
        return argument;
    }
}
