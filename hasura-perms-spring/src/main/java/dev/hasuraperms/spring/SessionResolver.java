package dev.hasuraperms.spring;

import dev.hasuraperms.session.Session;

/**
 * Finds the Hasura session (role and {@code x-hasura-*} variables) of the current request. The Spring integration
 * asks it whenever it builds a permission filter or guards a write, on the caller's thread.
 *
 * <p>Implementations: {@link JwtSessionResolver} (Spring Security's authenticated JWT, read with Hasura's claims
 * mapping; the default of the auto-configuration) and {@link HeaderSessionResolver} (request headers, for trusted
 * internal callers only, behind an explicit opt-in). {@link SessionContext#callAs} overrides either for a block of
 * code on the current thread (background jobs, tests).
 */
@FunctionalInterface
public interface SessionResolver {

    /**
     * The current session.
     *
     * @return the session of the current request or thread, never null
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when there is none or it cannot be read (for example
     *                                                         {@link dev.hasuraperms.session.MissingRoleException},
     *                                                         {@link dev.hasuraperms.session.InvalidJwtClaimsException},
     *                                                         {@link dev.hasuraperms.session.RoleNotAllowedException})
     */
    Session resolve();
}
