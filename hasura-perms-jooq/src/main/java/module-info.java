/** hasura-perms jOOQ backend. */
module dev.hasuraperms.jooq {
    requires transitive dev.hasuraperms.core;
    requires transitive org.jooq;

    exports dev.hasuraperms.jooq;
}
