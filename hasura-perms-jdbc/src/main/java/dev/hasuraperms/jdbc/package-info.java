/** The plain-JDBC backend of hasura-perms. */
package dev.hasuraperms.jdbc;
