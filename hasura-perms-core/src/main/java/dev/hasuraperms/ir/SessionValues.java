package dev.hasuraperms.ir;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.types.PgType;

/**
 * Where a predicate's session slots ({@link Expr.SessionValue}, {@link Expr.SessionJson}) get their values when a
 * request is bound. Implemented by the session of a request.
 */
public interface SessionValues {

    /** {@return the role of the request} */
    String role();

    /**
     * {@return the value of {@code variable} parsed for {@code type} (see {@link dev.hasuraperms.types.PgValues} for the Java
     * types)} Never NULL.
     *
     * @param variable the session variable; never null
     * @param type the PostgreSQL type to parse the value as; never null
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when the variable is missing or its value is not valid
     *                                                        input for the type
     */
    Object value(SessionVariable variable, PgType type);

    /**
     * {@return the value of {@code variable} parsed for {@code type} as PostgreSQL {@code serverMajor} reads it (Hasura casts
     * session text in SQL, so what is valid depends on the server: {@code 0x1F} is an integer from 16 on)} The
     * default ignores the version and returns {@link #value(SessionVariable, PgType)}; {@code Session} applies it.
     *
     * @param variable the session variable; never null
     * @param type the PostgreSQL type to parse the value as; never null
     * @param serverMajor the PostgreSQL server's major version, e.g. {@code 17}
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when the variable is missing or its value is not valid
     *                                                        input for the type on that server
     */
    default Object value(SessionVariable variable, PgType type, int serverMajor) {
        return value(variable, type);
    }

    /** {@return all session variables as a JSON object, as SQL functions with a session argument receive them} */
    JsonObject toJson();

    /**
     * {@return whether this request may use permissions marked {@code backend_only} (Hasura's backend mode)} False
     * unless the host says so.
     */
    default boolean backendOnlyPermissions() {
        return false;
    }

    /**
     * {@return whether this request is Hasura's admin (a request with the admin secret): every column and no filter on every
     * tracked table, through {@code CheckedPermissions.forSession}} False unless the host built the session as admin
     * ({@code Session.admin()}); a role named {@code admin} alone grants nothing. An implementation that returns true
     * must only do so for requests the host has authenticated as its operators.
     */
    default boolean trustedAdmin() {
        return false;
    }
}
