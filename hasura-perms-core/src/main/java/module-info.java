/**
 * hasura-perms core: loads Hasura permission metadata, parses boolean expressions, and (in later stages) checks them
 * against a database schema and compiles them. No jOOQ and no JDBC driver here.
 */
module dev.hasuraperms.core {
    requires com.fasterxml.jackson.core;
    requires org.yaml.snakeyaml;
    requires org.slf4j;
    requires transitive java.sql;

    exports dev.hasuraperms.diagnostic;
    exports dev.hasuraperms.json;
    exports dev.hasuraperms.names;
    exports dev.hasuraperms.boolexp;
    exports dev.hasuraperms.metadata;
    exports dev.hasuraperms.types;
    exports dev.hasuraperms.schema;
    exports dev.hasuraperms.ir;
    exports dev.hasuraperms.check;
    exports dev.hasuraperms.session;
    exports dev.hasuraperms.eval;
    exports dev.hasuraperms.enforce;
    exports dev.hasuraperms.matrix;

    // Shared by the backends only: not API.
    exports dev.hasuraperms.internal.sql to dev.hasuraperms.jdbc, dev.hasuraperms.jooq;
}
