/**
 * The schema of SQL scripts and Hasura migrations directories, exactly: the scripts are applied to a throwaway
 * embedded PostgreSQL, the way the Hasura CLI applies migrations, and the result is read from its catalog
 * ({@link dev.hasuraperms.migrations.MigrationSchemaReader}).
 */
package dev.hasuraperms.migrations;
