/**
 * Test support for hasura-perms: a real PostgreSQL server for tests. Embedded (zonky) by default; the server at
 * {@code HASURA_PERMS_TEST_JDBC_URL} when that environment variable is set.
 */
module dev.hasuraperms.testing.postgres {
    requires transitive java.sql;
    requires transitive org.junit.jupiter.api;
    requires embedded.postgres;

    exports dev.hasuraperms.testing.postgres;
}
