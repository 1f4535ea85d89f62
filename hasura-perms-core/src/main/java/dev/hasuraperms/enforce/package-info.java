/**
 * Enforcement shared by the backends: validating a select, insert, update or delete against the session's permission
 * (columns, presets, upsert, backend-only) into a plan the backend renders as SQL; reading a failed check back as an
 * explanation; running a write atomically inside or outside the caller's transaction. Everything here runs before
 * any SQL, or only on the connection the caller gave, and refuses with a typed exception rather than weakening a
 * permission.
 */
package dev.hasuraperms.enforce;
