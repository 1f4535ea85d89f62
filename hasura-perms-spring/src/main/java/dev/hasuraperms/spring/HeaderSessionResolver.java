package dev.hasuraperms.spring;

import dev.hasuraperms.session.Session;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The session named by the request's {@code X-Hasura-*} headers ({@code X-Hasura-Role} and the variables), as
 * Hasura reads them with an admin secret. <b>For trusted internal callers only</b>: whoever can send a request can
 * claim any role and any variable, so enable it ({@code hasura.perms.session.trusted-headers=true}) only behind a
 * gateway that strips these headers from outside traffic, or on a network only trusted services reach.
 */
public final class HeaderSessionResolver implements SessionResolver {

    private final Supplier<Map<String, List<String>>> headers;

    /** Reads the headers of the current servlet request. */
    public HeaderSessionResolver() {
        this(RequestHeaders::all);
    }

    /**
     * Reads the headers {@code headers} supplies.
     *
     * @param headers supplies the request headers (names as sent, each with its values) at each {@link #resolve()}
     * @throws NullPointerException when {@code headers} is null
     */
    public HeaderSessionResolver(Supplier<Map<String, List<String>>> headers) {
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /**
     * The headers' session; {@code X-Hasura-Role: admin} is Hasura's admin ({@link Session#admin(Map)}: every column
     * and no filter on every tracked table), as a request with the admin secret is in Hasura: this resolver runs only
     * with {@code hasura.perms.session.trusted-headers=true}, the host's statement that whoever sends these headers is
     * trusted.
     *
     * @throws dev.hasuraperms.session.MissingRoleException when there is no {@code X-Hasura-Role} header
     */
    @Override
    public Session resolve() {
        Session s = Session.fromMultiValueHeaders(headers.get());
        if (s.role().equals(Session.ADMIN_ROLE)) {
            java.util.Map<String, String> vars = new java.util.TreeMap<>(s.variables());
            vars.remove(Session.ROLE.name());
            return Session.admin(vars);
        }
        return s;
    }
}
