/**
 * hasura-perms testkit: unit-test Hasura permission rules without a server (in memory, or on PostgreSQL), with the
 * evaluator's explanations, YAML scenarios as JUnit 5 dynamic tests, and coverage.
 */
module dev.hasuraperms.testkit {
    requires transitive dev.hasuraperms.core;
    requires transitive dev.hasuraperms.jdbc;
    requires dev.hasuraperms.migrations;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.opentest4j;
    requires org.junit.platform.commons;
    requires transitive java.sql;
    requires embedded.postgres;

    exports dev.hasuraperms.testkit;
}
