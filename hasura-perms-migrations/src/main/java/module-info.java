/**
 * hasura-perms migrations: the schema of SQL scripts and Hasura migrations directories, built by applying them to a
 * throwaway embedded PostgreSQL and reading its catalog.
 */
module dev.hasuraperms.migrations {
    requires transitive dev.hasuraperms.core;
    requires dev.hasuraperms.jdbc;
    requires dev.hasuraperms.jooq;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires embedded.postgres;

    exports dev.hasuraperms.migrations;
}
