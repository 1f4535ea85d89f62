/** The hasura-perms command-line tool. Exports nothing: run it as {@code java -jar hasura-perms.jar}. */
module dev.hasuraperms.cli {
    requires dev.hasuraperms.core;
    requires dev.hasuraperms.jdbc;
    requires dev.hasuraperms.jooq;
    requires dev.hasuraperms.migrations;
    requires info.picocli;
    requires java.sql;

    opens dev.hasuraperms.cli to info.picocli;
}
