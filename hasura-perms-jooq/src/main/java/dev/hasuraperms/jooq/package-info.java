/** The jOOQ backend of hasura-perms. */
package dev.hasuraperms.jooq;
