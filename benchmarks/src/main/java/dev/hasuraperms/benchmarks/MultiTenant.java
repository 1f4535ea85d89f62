package dev.hasuraperms.benchmarks;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jooq.DdlSchemaReader;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.schema.DatabaseSchema;

/**
 * A small multi-tenant schema (the workload of the performance notes, without its data): organizations →
 * org_members(org_id, user_id, role), projects(org_id) → documents(project_id, updated_at), and
 * document_collaborators(document_id, user_id). Role {@code user} may select a document when it is a member of the
 * organization owning the document's project (a 3-level relationship path, documents → project → organization →
 * members, with the session variable at the bottom) or when it is one of the document's collaborators.
 */
public final class MultiTenant {

    private MultiTenant() {
    }

    static final String SCHEMA = """
            CREATE TABLE public.organizations (
              id int PRIMARY KEY,
              name text NOT NULL
            );
            CREATE TABLE public.org_members (
              org_id int NOT NULL REFERENCES public.organizations (id),
              user_id int NOT NULL,
              role text NOT NULL,
              PRIMARY KEY (org_id, user_id)
            );
            CREATE TABLE public.projects (
              id int PRIMARY KEY,
              org_id int NOT NULL REFERENCES public.organizations (id),
              name text NOT NULL
            );
            CREATE TABLE public.documents (
              id bigint PRIMARY KEY,
              project_id int NOT NULL REFERENCES public.projects (id),
              title text NOT NULL,
              archived boolean NOT NULL DEFAULT false,
              updated_at timestamptz NOT NULL
            );
            CREATE INDEX ON public.documents (project_id, updated_at DESC);
            CREATE TABLE public.document_collaborators (
              document_id bigint NOT NULL REFERENCES public.documents (id),
              user_id int NOT NULL,
              PRIMARY KEY (document_id, user_id)
            );
            """;

    /** The nested filter of role {@code user} on documents. */
    static final String DOCUMENTS_FILTER = """
            {"_or": [
              {"project": {"organization": {"members": {"user_id": {"_eq": "X-Hasura-User-Id"}}}}},
              {"collaborators": {"user_id": {"_eq": "X-Hasura-User-Id"}}}
            ]}""";

    private static final String METADATA_TEMPLATE = """
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
              {"table": {"schema": "public", "name": "organizations"},
               "array_relationships": [
                 {"name": "members", "using": {"foreign_key_constraint_on": {"table": "org_members", "column": "org_id"}}},
                 {"name": "projects", "using": {"foreign_key_constraint_on": {"table": "projects", "column": "org_id"}}}]},
              {"table": {"schema": "public", "name": "org_members"},
               "object_relationships": [{"name": "organization", "using": {"foreign_key_constraint_on": "org_id"}}]},
              {"table": {"schema": "public", "name": "projects"},
               "object_relationships": [{"name": "organization", "using": {"foreign_key_constraint_on": "org_id"}}],
               "array_relationships": [
                 {"name": "documents", "using": {"foreign_key_constraint_on": {"table": "documents", "column": "project_id"}}}]},
              {"table": {"schema": "public", "name": "documents"},
               "object_relationships": [{"name": "project", "using": {"foreign_key_constraint_on": "project_id"}}],
               "array_relationships": [
                 {"name": "collaborators", "using": {"foreign_key_constraint_on":
                   {"table": "document_collaborators", "column": "document_id"}}}],
               "select_permissions": [PERMISSIONS]},
              {"table": {"schema": "public", "name": "document_collaborators"},
               "object_relationships": [{"name": "document", "using": {"foreign_key_constraint_on": "document_id"}}]}
            ]}]}""";

    /**
     * The multi-tenant metadata (organizations, members, projects, documents, collaborators, their relationships)
     * with {@code documentsSelectPermissions} (JSON objects, comma-separated) as the select permissions of
     * {@code documents}; shared with the database benchmark's workload.
     */
    public static String metadata(String documentsSelectPermissions) {
        return METADATA_TEMPLATE.replace("PERMISSIONS", documentsSelectPermissions);
    }

    static final String METADATA = metadata(
            "{\"role\": \"user\", \"permission\": {\"columns\": \"*\", \"filter\": " + DOCUMENTS_FILTER + "}}");

    static DatabaseSchema schema() {
        return DdlSchemaReader.read(SCHEMA).orThrow();
    }

    static CheckedPermissions permissions() {
        Metadata m = MetadataLoader.defaults().loadJson(METADATA);
        return PermissionChecker.check(m, schema()).orThrow();
    }
}
