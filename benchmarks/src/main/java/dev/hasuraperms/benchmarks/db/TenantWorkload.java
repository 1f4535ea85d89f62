package dev.hasuraperms.benchmarks.db;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.benchmarks.MultiTenant;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The multi-tenant workload of the performance notes: organizations → org_members(org_id, user_id, role, joined_at)
 * → projects(org_id, archived) → documents(project_id, updated_at), and document_collaborators(document_id, user_id).
 * At scale 1: 1,000 organizations, 20,000 projects (20 each), 500,000 documents (25 per project), 10 regular members
 * per organization, 2 collaborators on every fifth document.
 *
 * <p>Four permission sets on documents (roles {@code path}, {@code path_or_collab}, {@code with_not},
 * {@code root_ref}) and four users: <b>narrow</b> (member of one organization, 5 collaborations), <b>typical</b> (5
 * organizations, 50 collaborations), <b>broad</b> (half the organizations, 200 collaborations) and <b>oldest</b> (member
 * of the one organization whose documents are the oldest, so they come last in {@code updated_at DESC} order: the
 * user that exposes the OR cliff).
 */
final class TenantWorkload implements Workload {

    static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("narrow", "1000001");
        USERS.put("typical", "1000002");
        USERS.put("broad", "1000003");
        USERS.put("oldest", "1000004");
    }

    static final String PATH = "{\"project\": {\"organization\": {\"members\": {\"user_id\": {\"_eq\": \"X-Hasura-User-Id\"}}}}}";
    static final String COLLAB = "{\"collaborators\": {\"user_id\": {\"_eq\": \"X-Hasura-User-Id\"}}}";
    static final String PATH_SINCE = "{\"project\": {\"organization\": {\"members\": {\"user_id\": {\"_eq\": \"X-Hasura-User-Id\"},"
            + " \"joined_at\": {\"_clte\": [\"$\", \"updated_at\"]}}}}}";
    static final String NOT_ARCHIVED = "{\"_not\": {\"project\": {\"archived\": {\"_eq\": true}}}}";

    /** Role (permission set) → filter. */
    static final Map<String, String> PERMISSIONS = new LinkedHashMap<>();

    static {
        PERMISSIONS.put("path", PATH);
        PERMISSIONS.put("path_or_collab", "{\"_or\": [" + PATH + ", " + COLLAB + "]}");
        PERMISSIONS.put("with_not", "{\"_and\": [{\"_or\": [" + PATH + ", " + COLLAB + "]}, " + NOT_ARCHIVED + "]}");
        PERMISSIONS.put("root_ref", "{\"_or\": [" + PATH_SINCE + ", " + COLLAB + "]}");
    }

    static final String SCHEMA = """
            DROP TABLE IF EXISTS public.document_collaborators, public.documents, public.projects, public.org_members,
              public.organizations CASCADE;
            CREATE TABLE public.organizations (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE public.org_members (
              org_id int NOT NULL REFERENCES public.organizations (id),
              user_id int NOT NULL,
              role text NOT NULL,
              joined_at timestamptz NOT NULL,
              PRIMARY KEY (org_id, user_id)
            );
            CREATE TABLE public.projects (
              id int PRIMARY KEY,
              org_id int NOT NULL REFERENCES public.organizations (id),
              name text NOT NULL,
              archived boolean NOT NULL DEFAULT false
            );
            CREATE TABLE public.documents (
              id bigint PRIMARY KEY,
              project_id int NOT NULL REFERENCES public.projects (id),
              title text NOT NULL,
              updated_at timestamptz NOT NULL
            );
            CREATE TABLE public.document_collaborators (
              document_id bigint NOT NULL REFERENCES public.documents (id),
              user_id int NOT NULL,
              PRIMARY KEY (document_id, user_id)
            );
            """;

    static final String INDEXES = """
            CREATE INDEX org_members_user ON public.org_members (user_id, org_id);
            CREATE INDEX projects_org ON public.projects (org_id);
            CREATE INDEX documents_project_updated ON public.documents (project_id, updated_at DESC);
            CREATE INDEX document_collaborators_user ON public.document_collaborators (user_id, document_id);
            """;

    static final String LIST = "SELECT d.id, d.title, d.updated_at FROM public.documents AS d WHERE %P% "
            + "ORDER BY d.updated_at DESC LIMIT 20";
    static final String COUNT = "SELECT count(*) FROM public.documents AS d WHERE %P%";

    private final int scale;
    private final String label;

    /** @param scale organizations in thousands: 1 → 1k / 20k / 500k; the small scale is a tenth of that. */
    TenantWorkload(double scale, String label) {
        this.scale = (int) Math.round(scale * 1000);
        this.label = label;
    }

    @Override
    public String name() {
        return "multi-tenant " + label;
    }

    @Override
    public String largeTable() {
        return "documents";
    }

    @Override
    public void load(Connection c) throws SQLException {
        int orgs = scale;
        int projects = orgs * 20;
        long documents = projects * 25L;
        int regularUsers = orgs * 20;
        Workload.execute(c, SCHEMA);
        Workload.execute(c, "SELECT setseed(0.5)");
        Workload.execute(c, "INSERT INTO public.organizations SELECT g, 'org ' || g FROM generate_series(1, " + orgs + ") g");
        Workload.execute(c, "INSERT INTO public.projects SELECT g, 1 + (g - 1) % " + orgs + ", 'project ' || g, g % 10 = 0 "
                + "FROM generate_series(1, " + projects + ") g");
        // Documents of organization 1 are the oldest (year 2000); all others spread over 2024-2025.
        Workload.execute(c, "INSERT INTO public.documents SELECT g, p, 'document ' || g, CASE WHEN (p - 1) % " + orgs
                + " = 0 THEN timestamptz '2000-01-01' + random() * interval '300 days' "
                + "ELSE timestamptz '2024-01-01' + random() * interval '2 years' END "
                + "FROM (SELECT g, 1 + (g - 1) % " + projects + " AS p FROM generate_series(1, " + documents + ") g) s");
        Workload.execute(c, "INSERT INTO public.org_members SELECT o, 1 + (random() * " + (regularUsers - 1) + ")::int, 'member', "
                + "timestamptz '2023-01-01' + random() * interval '1 year' FROM generate_series(1, " + orgs + ") o, "
                + "generate_series(1, 10) k ON CONFLICT DO NOTHING");
        Workload.execute(c, "INSERT INTO public.document_collaborators SELECT d, 1 + (random() * " + (regularUsers - 1)
                + ")::int FROM generate_series(5, " + documents + ", 5) d, generate_series(1, 2) k ON CONFLICT DO NOTHING");
        // The four users. Memberships date from 1999, so root_ref selects the same rows as path_or_collab.
        String since = "timestamptz '1999-01-01'";
        Workload.execute(c, "INSERT INTO public.org_members VALUES (2, 1000001, 'member', " + since + ")");
        Workload.execute(c, "INSERT INTO public.org_members SELECT o, 1000002, 'member', " + since
                + " FROM generate_series(3, 7) o");
        Workload.execute(c, "INSERT INTO public.org_members SELECT o, 1000003, 'member', " + since
                + " FROM generate_series(2, " + orgs + ", 2) o");
        Workload.execute(c, "INSERT INTO public.org_members VALUES (1, 1000004, 'member', " + since + ")");
        collaborate(c, "1000001", 5, "d.id % 97 = 3");
        collaborate(c, "1000002", 50, "d.id % 89 = 5");
        collaborate(c, "1000003", 200, "d.id % 83 = 7");
        collaborate(c, "1000004", 5, "p.org_id = 1");
        Workload.execute(c, INDEXES);
        Workload.execute(c, "VACUUM ANALYZE public.organizations, public.org_members, public.projects, public.documents, "
                + "public.document_collaborators");
        StringBuilder rls = new StringBuilder("ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;\n");
        for (String p : PERMISSIONS.keySet()) {
            for (boolean wrapped : new boolean[]{false, true}) {
                String role = rlsRole(p, wrapped);
                rls.append("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '").append(role)
                        .append("') THEN CREATE ROLE ").append(role).append(" NOLOGIN; END IF; END $$;\n");
                rls.append("GRANT USAGE ON SCHEMA public TO ").append(role).append(";\n");
                rls.append("GRANT SELECT ON ALL TABLES IN SCHEMA public TO ").append(role).append(";\n");
                String user = wrapped ? "(SELECT current_setting('app.user_id')::int)" : "current_setting('app.user_id')::int";
                rls.append("CREATE POLICY ").append(role).append(" ON public.documents FOR SELECT TO ").append(role)
                        .append(" USING (").append(hasuraShape(p, "\"documents\"", user)).append(");\n");
            }
        }
        Workload.execute(c, rls.toString());
    }

    private static void collaborate(Connection c, String user, int n, String where) throws SQLException {
        Workload.execute(c, "INSERT INTO public.document_collaborators SELECT d.id, " + user + " FROM public.documents d "
                + "JOIN public.projects p ON p.id = d.project_id WHERE " + where + " ORDER BY d.id LIMIT " + n
                + " ON CONFLICT DO NOTHING");
    }

    static String rlsRole(String permission, boolean wrapped) {
        return "rls_" + permission + (wrapped ? "_w" : "");
    }

    static CheckedPermissions permissions(Connection c) throws SQLException {
        StringBuilder perms = new StringBuilder();
        for (Map.Entry<String, String> p : PERMISSIONS.entrySet()) {
            perms.append(perms.length() == 0 ? "" : ", ").append("{\"role\": \"").append(p.getKey())
                    .append("\", \"permission\": {\"columns\": \"*\", \"filter\": ").append(p.getValue()).append("}}");
        }
        return PermissionChecker.check(MetadataLoader.defaults().loadJson(MultiTenant.metadata(perms.toString())),
                JdbcSchemaReader.defaults().read(c)).orThrow();
    }

    @Override
    public List<Case> cases(Connection c) throws SQLException {
        CheckedPermissions checked = permissions(c);
        JdbcPermissions on = JdbcPermissions.of(checked, BackendOptions.DEFAULT.withCacheSize(100));
        JdbcPermissions off = JdbcPermissions.of(checked, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(100));
        QualifiedName documents = QualifiedName.of("public", "documents");
        List<Case> out = new ArrayList<>();
        for (String query : List.of("newest 20", "count")) {
            String t = query.equals("count") ? COUNT : LIST;
            for (String p : PERMISSIONS.keySet()) {
                for (Map.Entry<String, String> u : USERS.entrySet()) {
                    String user = u.getValue();
                    Session session = Session.of(p, Map.of("X-Hasura-User-Id", user));
                    Map<Variant, Sql> v = new EnumMap<>(Variant.class);
                    v.put(Variant.OURS, Ours.query(on, documents, "d", session, t));
                    v.put(Variant.OURS_UNOPTIMIZED, Ours.query(off, documents, "d", session, t));
                    v.put(Variant.HAND, Sql.repeated(HandWritten.joins(p, query.equals("count")), "int4", user));
                    v.put(Variant.HAND_ANY, Sql.repeated(t.replace("%P%", HandWritten.any(p)), "int4", user));
                    v.put(Variant.HASURA, new Sql(t.replace("%P%", hasuraShape(p, "\"d\"", "((($1->>'x-hasura-user-id'))::integer)")),
                            List.of("json"), List.of(Sql.literal("{\"x-hasura-role\":\"" + p + "\",\"x-hasura-user-id\":\"" + user + "\"}")),
                            Optional.empty(), Optional.empty()));
                    v.put(Variant.RLS, Sql.asRole(t.replace("%P%", "TRUE"), rlsRole(p, false), user));
                    v.put(Variant.RLS_WRAPPED, Sql.asRole(t.replace("%P%", "TRUE"), rlsRole(p, true), user));
                    out.add(new Case(name(), query, p, u.getKey(), v));
                }
            }
        }
        return out;
    }

    /**
     * The permission as Hasura v2 renders it: one correlated EXISTS per relationship (aliases {@code __be_N_table}),
     * {@code ((a) OR (b))}, {@code NOT (...)}, and the session variable as {@code user} (for Hasura, read from the
     * json parameter {@code $1}; for a row-level-security policy, from {@code current_setting}). Every compared
     * column is NOT NULL, so Hasura uses the plain {@code (c = v)} form of {@code _eq}, not the null-safe one.
     */
    static String hasuraShape(String permission, String root, String user) {
        String p = "\"__be_0_projects\"";
        String o = "\"__be_1_organizations\"";
        String m = "\"__be_2_org_members\"";
        String c = "\"__be_0_document_collaborators\"";
        String members = and(eq(m + ".\"org_id\"", o + ".\"id\""), "SINCE" + eq(m + ".\"user_id\"", user));
        String path = exists("projects", p, and(eq(p + ".\"id\"", root + ".\"project_id\""),
                exists("organizations", o, and(eq(o + ".\"id\"", p + ".\"org_id\""), exists("org_members", m, members)))));
        String since = "((" + m + ".\"joined_at\") <= (" + root + ".\"updated_at\")) AND ";
        String collab = exists("document_collaborators", c, and(eq(c + ".\"document_id\"", root + ".\"id\""),
                eq(c + ".\"user_id\"", user)));
        String notArchived = "(NOT (" + exists("projects", p, and(eq(p + ".\"id\"", root + ".\"project_id\""),
                eq(p + ".\"archived\"", "'true'::boolean"))) + "))";
        String plainPath = path.replace("SINCE", "");
        return switch (permission) {
            case "path" -> "(" + plainPath + ")";
            case "path_or_collab" -> "((" + plainPath + ") OR (" + collab + "))";
            case "with_not" -> "(((" + plainPath + ") OR (" + collab + ")) AND " + notArchived + ")";
            case "root_ref" -> "((" + path.replace("SINCE", since) + ") OR (" + collab + "))";
            default -> throw new IllegalArgumentException(permission);
        };
    }

    private static String exists(String table, String alias, String where) {
        return "EXISTS (SELECT 1 FROM \"public\".\"" + table + "\" AS " + alias + " WHERE " + where + ")";
    }

    private static String and(String a, String b) {
        return "((" + a + ") AND (" + b + "))";
    }

    private static String eq(String l, String r) {
        return "((" + l + ") = (" + r + "))";
    }
}
