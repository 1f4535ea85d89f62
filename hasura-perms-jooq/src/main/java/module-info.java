/** hasura-perms jOOQ backend. */
module dev.hasuraperms.jooq {
    requires transitive dev.hasuraperms.core;
    requires transitive org.jooq;
    requires com.github.benmanes.caffeine;

    exports dev.hasuraperms.jooq;
}
