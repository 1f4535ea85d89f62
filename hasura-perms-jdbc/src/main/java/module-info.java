/** hasura-perms plain-JDBC backend. */
module dev.hasuraperms.jdbc {
    requires transitive dev.hasuraperms.core;
    requires transitive java.sql;

    exports dev.hasuraperms.jdbc;
}
