/**
 * A request's role and session variables ({@link dev.hasuraperms.session.Session}), built from a map, from trusted
 * headers or from a verified token's claims ({@link dev.hasuraperms.session.JwtClaimsConfig}), and the typing of
 * session values for the columns permissions compare them with. Every refusal is a
 * {@link dev.hasuraperms.diagnostic.HasuraPermsException} with a stable code, raised before any SQL runs.
 */
package dev.hasuraperms.session;
