package dev.hasuraperms.session;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.PgValues;
import dev.hasuraperms.types.ValueParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A request's role and session variables, as Hasura resolves them before it evaluates permissions: variable names
 * are {@code x-hasura-*}, case-insensitive and stored lower-cased; values are text, taken verbatim (quotes,
 * semicolons, backslashes, NUL characters and megabyte-long strings are just values: nothing here builds SQL from
 * them). The session always holds {@code x-hasura-role} (the role) and never {@code x-hasura-admin-secret} or
 * {@code x-hasura-access-key}, which are dropped whichever way it was built.
 *
 * <p>Values are typed only where they are used, for the column a permission compares them with
 * ({@link #typedValue}): a missing variable or a value that is not valid input for the column's type is an exception
 * there, before any SQL runs.
 *
 * <p>The role {@code admin} is an ordinary string here and grants nothing (metadata cannot define permissions for
 * it, so such a session has none). Hasura's admin — every column and no filter on every tracked table — is an explicit
 * opt-in of the host: {@link #admin()}, for requests the host has authenticated as its operators (as Hasura requires
 * the admin secret).
 *
 * <p>Immutable and thread-safe.
 */
public final class Session implements SessionValues {

    /** The variable holding the role. */
    public static final SessionVariable ROLE = new SessionVariable("x-hasura-role");

    /** Names that never enter a session (Hasura removes them after authentication). */
    private static final List<String> DROPPED = List.of("x-hasura-admin-secret", "x-hasura-access-key");

    private final String role;
    private final SortedMap<String, String> variables;
    private final JsonObject json;
    private final boolean backendOnlyPermissions;
    private final boolean trustedAdmin;

    /** The role of {@link #admin()}. */
    public static final String ADMIN_ROLE = "admin";

    private Session(String role, TreeMap<String, String> vars) {
        this(role, vars, false, false);
    }

    private Session(String role, TreeMap<String, String> vars, boolean backendOnlyPermissions, boolean trustedAdmin) {
        this.backendOnlyPermissions = backendOnlyPermissions;
        this.trustedAdmin = trustedAdmin;
        for (String dropped : DROPPED) {
            vars.remove(dropped);
        }
        vars.put(ROLE.name(), role);
        this.role = role;
        this.variables = Collections.unmodifiableSortedMap(vars);
        Map<String, JsonValue> members = new LinkedHashMap<>();
        vars.forEach((k, v) -> members.put(k, JsonString.of(v)));
        this.json = JsonObject.of(members);
    }

    /**
     * {@return a session with role {@code role} and these variables}
     *
     * @param role      the role (non-empty; role names are case-sensitive)
     * @param variables variable names (any case, each starting with {@code x-hasura-}) and values; may hold
     *                  {@code x-hasura-role} only if its value is {@code role}
     * @throws IllegalArgumentException when the role is empty, a name does not start with {@code x-hasura-}, two names
     *                                  differ only in case and have different values, or {@code x-hasura-role}
     *                                  disagrees with {@code role}
     */
    public static Session of(String role, Map<String, String> variables) {
        Objects.requireNonNull(role, "role");
        if (role.isEmpty()) {
            throw new IllegalArgumentException("the role must not be empty");
        }
        TreeMap<String, String> vars = new TreeMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "variable name");
            String value = Objects.requireNonNull(e.getValue(), "value of " + name);
            String lower = lowerCaseName(name).orElseThrow(() -> new IllegalArgumentException(
                    "not a session variable name (it must start with x-hasura-): " + Messages.quote(name)));
            putOnce(vars, lower, value);
        }
        String given = vars.get(ROLE.name());
        if (given != null && !given.equals(role)) {
            throw new IllegalArgumentException("x-hasura-role " + Messages.quote(given) + " disagrees with the role "
                    + Messages.quote(role));
        }
        return new Session(role, vars);
    }

    /**
     * Hasura's admin, as a request with the admin secret gets it: role {@code admin}, and every column with no filter
     * on every tracked table (insert, select, update, delete; no limit, no presets, no checks). <b>A trusted opt-in of
     * the host</b>: build it only for requests the host has authenticated as its operators, never because a request
     * says {@code x-hasura-role: admin} ({@link #of}, {@link #fromHeaders} and {@link #fromJwtClaims} with the role
     * {@code admin} give a session with no permission at all).
     *
     * @return the admin session, never null
     */
    public static Session admin() {
        return admin(Map.of());
    }

    /**
     * {@link #admin()} with session variables (SQL functions and computed fields that take the session read them).
     *
     * @param variables session variable names (any case) and values; never null
     * @return the admin session with {@code variables}, never null
     * @throws IllegalArgumentException as {@link #of}
     */
    public static Session admin(Map<String, String> variables) {
        Session s = of(ADMIN_ROLE, variables);
        return new Session(ADMIN_ROLE, new TreeMap<>(s.variables), false, true);
    }

    /**
     * {@return the session that request headers ask for, trusting them: the {@code x-hasura-*} headers (any case) become the
     * variables, other headers are ignored, {@code x-hasura-admin-secret} and {@code x-hasura-access-key} are dropped,
     * and the role is the {@code x-hasura-role} header, which is required} Values are taken verbatim (the HTTP layer
     * has already removed the white space around them).
     *
     * <p><b>For trusted internal callers only.</b> Whoever sets these headers chooses the role and every session
     * variable. The role {@code admin} here is an ordinary role with no permission; Hasura's admin is
     * {@link #admin()}. Never pass the headers of a request
     * from an untrusted client; authenticate it first (a verified token: {@link #fromJwtClaims}).
     *
     * <p>Unlike Hasura, which falls back to {@code admin} without a role header, a missing role is an error.
     *
     * @param headers header names (any case) and values
     * @throws MissingRoleException     when there is no {@code x-hasura-role} header, or it is empty
     * @throws IllegalArgumentException when two header names differ only in case and have different values (a map
     *                                  cannot say which came last; use a case-insensitive map or
     *                                  {@link #fromMultiValueHeaders})
     */
    public static Session fromHeaders(Map<String, String> headers) {
        TreeMap<String, String> vars = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            String value = Objects.requireNonNull(e.getValue(), "value of header " + name);
            Optional<String> lower = lowerCaseName(name);
            if (lower.isPresent()) {
                putOnce(vars, lower.get(), value);
            }
        }
        return withHeaderRole(vars);
    }

    /**
     * As {@link #fromHeaders(Map)}, for headers that may repeat (as servlet and HTTP-client APIs give them): when a
     * header has several values, <b>the last one wins</b>, as in Hasura (which builds the session map from the headers
     * in request order, so a later header replaces an earlier one). A header with no values is absent. Values are not
     * split at commas. (Named differently from {@code fromHeaders} because the two parameter types erase to the same
     * {@code Map}.)
     *
     * <p><b>For trusted internal callers only</b>: see {@link #fromHeaders(Map)}.
     *
     * @return the session the headers describe, never null
     * @param headers header names (any case) and their values in request order
     * @throws MissingRoleException     when there is no {@code x-hasura-role} header, or its last value is empty
     * @throws IllegalArgumentException when two header names differ only in case and have different (last) values
     */
    public static Session fromMultiValueHeaders(Map<String, List<String>> headers) {
        TreeMap<String, String> vars = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            List<String> values = Objects.requireNonNull(e.getValue(), "values of header " + name);
            Optional<String> lower = lowerCaseName(name);
            if (lower.isPresent() && !values.isEmpty()) {
                String last = Objects.requireNonNull(values.get(values.size() - 1), "value of header " + name);
                putOnce(vars, lower.get(), last);
            }
        }
        return withHeaderRole(vars);
    }

    private static Session withHeaderRole(TreeMap<String, String> vars) {
        String role = vars.get(ROLE.name());
        if (role == null) {
            throw new MissingRoleException("missing role: the x-hasura-role header is required");
        }
        if (role.isEmpty()) {
            throw new MissingRoleException("missing role: the x-hasura-role header is empty");
        }
        return new Session(role, vars);
    }

    /**
     * {@return the session a verified token gives, as Hasura's JWT mode builds it} {@code claims} is the token's
     * payload after the host has checked its signature, expiry, audience and issuer (none of which happens here).
     *
     * <p>The Hasura claims are read where {@code config} says (see {@link JwtClaimsConfig}). They must include
     * {@code x-hasura-allowed-roles} (a list of role names) and {@code x-hasura-default-role} (a role name). The role
     * is {@code requestedRole} (the request's {@code x-hasura-role} header) when present and not empty, else the
     * default role; either way it must be one of the allowed roles. The session holds the other {@code x-hasura-*}
     * claims (names lower-cased; other keys in the namespace are ignored) and {@code x-hasura-role}; the allowed and
     * default role claims are not session variables. Every {@code x-hasura-*} claim other than those two must be a
     * JSON string: Hasura refuses numbers, booleans, arrays and objects, so an array variable must be sent as a
     * PostgreSQL array literal string such as {@code "{1,2,3}"}. An {@code x-hasura-role} claim is replaced by the
     * role. Request headers other than the role play no part.
     *
     * @param claims        the verified token payload (a JSON object)
     * @param config        where the Hasura claims are
     * @param requestedRole the role the request asks for, if any
     * @throws InvalidJwtClaimsException when the claims cannot be found or read, or two {@code x-hasura-*} claims
     *                                   differ only in case
     * @throws RoleNotAllowedException   when the role is not in the allowed roles
     */
    public static Session fromJwtClaims(JsonValue claims, JwtClaimsConfig config, Optional<String> requestedRole) {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(requestedRole, "requestedRole");
        JwtClaimsReader.HasuraClaims c = JwtClaimsReader.read(claims, config);
        String role = requestedRole.filter(r -> !r.isEmpty()).orElse(c.defaultRole());
        if (!c.allowedRoles().contains(role)) {
            throw new RoleNotAllowedException(role, c.allowedRoles());
        }
        return new Session(role, new TreeMap<>(c.variables()));
    }

    /** The lower-cased name if {@code name} is a session variable name (starts with {@code x-hasura-}, any case). */
    private static Optional<String> lowerCaseName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(SessionVariable.PREFIX) ? Optional.of(lower) : Optional.empty();
    }

    private static void putOnce(TreeMap<String, String> vars, String name, String value) {
        String previous = vars.put(name, value);
        if (previous != null && !previous.equals(value)) {
            throw new IllegalArgumentException(Messages.quote(name)
                    + " is given twice with different values (names are case-insensitive)");
        }
    }

    /** The role. */
    @Override
    public String role() {
        return role;
    }

    /**
     * {@return the value of {@code variable}, if the session has it (an empty string is a value)}
     *
     * @param variable the session variable; never null
     */
    public Optional<String> variable(SessionVariable variable) {
        return Optional.ofNullable(variables.get(variable.name()));
    }

    /**
     * {@return the value of the variable called {@code name} (any case), if the session has it}
     *
     * @param name the variable's name, e.g. {@code x-hasura-user-id}; never null
     */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * {@return the value of {@code variable}}
     *
     * @param variable the session variable; never null
     * @throws MissingSessionVariableException when the session does not have it
     */
    public String requireVariable(SessionVariable variable) {
        String v = variables.get(variable.name());
        if (v == null) {
            throw new MissingSessionVariableException(variable);
        }
        return v;
    }

    /** {@return every variable, lower-cased names sorted, including {@code x-hasura-role} (read-only)} */
    public SortedMap<String, String> variables() {
        return variables;
    }

    /**
     * The variables as one JSON object of strings, sorted by name, including {@code x-hasura-role}: what Hasura
     * passes to SQL functions as the session argument (and, in queries, as the parameter the session values are
     * read from). Values are verbatim; a NUL character is written as the JSON escape for U+0000, which
     * PostgreSQL's {@code json} accepts but cannot turn back into text.
     */
    @Override
    public JsonObject toJson() {
        return json;
    }

    /**
     * The value of {@code variable} read as input for {@code type}, with PostgreSQL's input rules (as the cast in
     * Hasura's SQL would): {@code "42"} for {@code int4} is 42, {@code "yes"} for {@code bool} is true, arrays need
     * a PostgreSQL array literal ({@code {1,2,3}}, {@code {}}, {@code {1,NULL}}). See {@link PgValues#parseText} for
     * the Java types returned.
     *
     * @throws MissingSessionVariableException when the session does not have the variable
     * @throws InvalidSessionVariableException when the value is not valid input for {@code type} (including a value
     *                                         with a NUL character, which PostgreSQL cannot store)
     */
    @Override
    public Object value(SessionVariable variable, PgType type) {
        return typedValue(variable, type);
    }

    /**
     * {@return the value of {@code variable} parsed for {@code type}; the same as {@link #value}}
     *
     * @param variable the session variable; never null
     * @param type the PostgreSQL type to parse the value as; never null
     * @throws MissingSessionVariableException when the session does not have the variable
     * @throws InvalidSessionVariableException when the value is not valid input for the type
     */
    public Object typedValue(SessionVariable variable, PgType type) {
        Objects.requireNonNull(type, "type");
        String text = requireVariable(variable);
        try {
            return PgValues.parseText(type, text);
        } catch (ValueParseException e) {
            throw new InvalidSessionVariableException(variable, type, text, e);
        }
    }

    /** {@link #typedValue(SessionVariable, PgType, int)}. */
    @Override
    public Object value(SessionVariable variable, PgType type, int serverMajor) {
        return typedValue(variable, type, serverMajor);
    }

    /**
     * {@return the value of {@code variable} parsed for {@code type} as PostgreSQL {@code serverMajor} reads it: the
     * {@code 0x}/{@code 0o}/{@code 0b} and {@code 1_000} integer forms only from 16 on (see
     * {@link PgValues#parseText(PgType, String, int)})} The permission APIs bind with the schema's server version
     * ({@code DatabaseSchema.serverMajorVersion()}).
     *
     * @param variable the session variable; never null
     * @param type the PostgreSQL type to parse the value as; never null
     * @param serverMajor the PostgreSQL server's major version, e.g. {@code 17}
     * @throws MissingSessionVariableException when the session does not have the variable
     * @throws InvalidSessionVariableException when that server would refuse the value for the type
     */
    public Object typedValue(SessionVariable variable, PgType type, int serverMajor) {
        Objects.requireNonNull(type, "type");
        String text = requireVariable(variable);
        try {
            return PgValues.parseText(type, text, serverMajor);
        } catch (ValueParseException e) {
            throw new InvalidSessionVariableException(variable, type, text, e);
        }
    }

    /**
     * {@return this session, allowed to use permissions marked {@code backend_only} (Hasura's "backend mode": a request with
     * the admin secret and {@code x-hasura-use-backend-only-permissions: true})} Deciding that a request is such a
     * trusted backend request is the host's job; no header or variable turns it on by itself.
     */
    public Session withBackendOnlyPermissions() {
        return new Session(role, new TreeMap<>(variables), true, trustedAdmin);
    }

    @Override
    public boolean backendOnlyPermissions() {
        return backendOnlyPermissions;
    }

    /** Whether this is {@link #admin()}: the host's trusted opt-in, never set from headers or claims. */
    @Override
    public boolean trustedAdmin() {
        return trustedAdmin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Session s && role.equals(s.role) && variables.equals(s.variables)
                && backendOnlyPermissions == s.backendOnlyPermissions && trustedAdmin == s.trustedAdmin;
    }

    @Override
    public int hashCode() {
        return variables.hashCode();
    }

    /**
     * The role and the variable names (at most 20, each cut to 60 characters); values are left out (they may be long,
     * or not meant for logs).
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Session[role=").append(Messages.quote(role))
                .append(trustedAdmin ? " (trusted admin)" : "").append(", variables=[");
        int i = 0;
        for (String name : variables.keySet()) {
            if (i == 20) {
                sb.append(", ... (").append(variables.size() - 20).append(" more)");
                break;
            }
            sb.append(i++ == 0 ? "" : ", ").append(Messages.quote(name));
        }
        return sb.append("]]").toString();
    }
}
