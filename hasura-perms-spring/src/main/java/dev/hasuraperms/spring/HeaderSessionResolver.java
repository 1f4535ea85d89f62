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

    /** Reads the headers {@code headers} supplies. */
    public HeaderSessionResolver(Supplier<Map<String, List<String>>> headers) {
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /** @throws dev.hasuraperms.session.MissingRoleException when there is no {@code X-Hasura-Role} header */
    @Override
    public Session resolve() {
        return Session.fromMultiValueHeaders(headers.get());
    }
}
