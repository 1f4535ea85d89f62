package dev.hasuraperms.eval;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgType;

/**
 * The session values a predicate reads ({@link dev.hasuraperms.ir.Expr.SessionValue} and
 * {@link dev.hasuraperms.ir.Expr.SessionJson}), supplied by the caller (typically a bound session).
 */
public interface SessionValueSource {

    /**
     * {@return the value of {@code variable} read as {@code type}: preferably the already-parsed canonical Java value (see
     * {@link dev.hasuraperms.types.PgValues}); a {@link String} is read with PostgreSQL's input rules for
     * {@code type}} Never NULL: a missing variable is the implementation's error to raise.
     *
     * @param variable the session variable; never null
     * @param type the PostgreSQL type it is read at; never null
     */
    Object value(SessionVariable variable, PgType type);

    /**
     * {@return all session variables as one JSON object (the session argument of computed fields)} The default refuses
     * with {@link UnsupportedInMemoryException}.
     */
    default JsonValue json() {
        throw new UnsupportedInMemoryException("this session value source does not provide the session as JSON");
    }

    /**
     * {@return the values of a bound session (such as {@code dev.hasuraperms.session.Session}): its typed values and its
     * JSON}
     *
     * @param values the bound session; never null
     */
    static SessionValueSource of(dev.hasuraperms.ir.SessionValues values) {
        return of(values, dev.hasuraperms.types.PgValues.OLDEST_SUPPORTED_MAJOR);
    }

    /**
     * {@return the values of a bound session, parsed as PostgreSQL {@code serverMajor} reads them (pass the schema's
     * {@code DatabaseSchema.serverMajorVersion()}, as the SQL backends do)}
     *
     * @param values the bound session; never null
     * @param serverMajor the PostgreSQL server's major version, e.g. {@code 17}
     */
    static SessionValueSource of(dev.hasuraperms.ir.SessionValues values, int serverMajor) {
        java.util.Objects.requireNonNull(values, "values");
        return new SessionValueSource() {
            @Override
            public Object value(SessionVariable variable, PgType type) {
                return values.value(variable, type, serverMajor);
            }

            @Override
            public JsonValue json() {
                return values.toJson();
            }
        };
    }

    /** {@return a source for predicates without session values: any read is refused} */
    static SessionValueSource none() {
        return (variable, type) -> {
            throw EvaluationException.invalidValue("no session values are given, but the predicate reads " + variable.name());
        };
    }
}
