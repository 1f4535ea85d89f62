/** hasura-perms plain-JDBC backend. */
module dev.hasuraperms.jdbc {
    requires transitive dev.hasuraperms.core;
    requires transitive java.sql;
    requires com.github.benmanes.caffeine;

    exports dev.hasuraperms.jdbc;
}
