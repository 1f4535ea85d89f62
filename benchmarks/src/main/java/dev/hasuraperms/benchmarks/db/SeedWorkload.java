package dev.hasuraperms.benchmarks.db;

import dev.hasuraperms.enforce.BackendOptions;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The hasura-events seed schema ({@code users} / {@code events}, role {@code user}: {@code user_id = X-Hasura-User-Id})
 * at a number of events, with the index {@code events(user_id, created_at DESC)}. The user is user 2; users are
 * {@code max(5, events / 10,000)}, so user 2 owns a fifth of the 30k seed and 10,000 events at 1M.
 */
final class SeedWorkload implements Workload {

    static final String USER = "2";

    private final int events;
    private final String label;

    SeedWorkload(int events, String label) {
        this.events = events;
        this.label = label;
    }

    @Override
    public String name() {
        return "seed " + label;
    }

    @Override
    public String largeTable() {
        return "events";
    }

    @Override
    public void load(Connection c) throws SQLException {
        int users = Math.max(5, events / 10_000);
        Workload.execute(c, """
                DROP TABLE IF EXISTS public.events, public.users CASCADE;
                CREATE TABLE public.users (id SERIAL PRIMARY KEY, username VARCHAR(255) NOT NULL);
                CREATE TABLE public.events (
                  id SERIAL PRIMARY KEY,
                  user_id INT NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
                  type VARCHAR(255) NOT NULL,
                  data JSONB NOT NULL,
                  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
                  happened_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP
                );
                SELECT setseed(0.25);
                """);
        Workload.execute(c, "INSERT INTO public.users (username) SELECT 'user' || g FROM generate_series(1, " + users + ") g");
        Workload.execute(c, "INSERT INTO public.events (user_id, type, data, created_at, happened_at) SELECT "
                + "1 + (random() * " + (users - 1) + ")::int, (ARRAY['Football', 'Baseball', 'Golf'])[1 + g % 3], "
                + "jsonb_build_object('score', (random() * 10)::int, 'stadium', 'Stadium ' || (random() * 10 + 1)::int), "
                + "timestamptz '2026-01-01' - random() * interval '2 years', timestamptz '2026-01-01' - random() * interval '2 years' "
                + "FROM generate_series(1, " + events + ") g");
        Workload.execute(c, """
                CREATE INDEX events_user_created ON public.events (user_id, created_at DESC)""");
        Workload.execute(c, "VACUUM ANALYZE public.users");
        Workload.execute(c, "VACUUM ANALYZE public.events");
        Workload.execute(c, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rls_seed') THEN CREATE ROLE rls_seed NOLOGIN; END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rls_seed_w') THEN CREATE ROLE rls_seed_w NOLOGIN; END IF;
                END $$;
                GRANT USAGE ON SCHEMA public TO rls_seed, rls_seed_w;
                GRANT SELECT ON public.events, public.users TO rls_seed, rls_seed_w;
                ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
                CREATE POLICY seed_bare ON public.events FOR SELECT TO rls_seed
                  USING (user_id = current_setting('app.user_id')::int);
                CREATE POLICY seed_wrapped ON public.events FOR SELECT TO rls_seed_w
                  USING (user_id = (SELECT current_setting('app.user_id')::int));
                """);
    }

    @Override
    public List<Case> cases(Connection c) throws SQLException {
        CheckedPermissions checked = PermissionChecker.check(
                MetadataLoader.defaults().loadJson(resource("hasura-events/export/metadata.json")),
                JdbcSchemaReader.defaults().read(c)).orThrow();
        JdbcPermissions on = JdbcPermissions.of(checked, BackendOptions.DEFAULT.withCacheSize(100));
        JdbcPermissions off = JdbcPermissions.of(checked, BackendOptions.DEFAULT.withOptimize(false).withCacheSize(100));
        Session session = Session.of("user", Map.of("X-Hasura-User-Id", USER));
        long pk = Workload.queryLong(c, "SELECT id FROM public.events WHERE user_id = " + USER + " ORDER BY id OFFSET 100 LIMIT 1");
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("by primary key", "SELECT e.* FROM public.events AS e WHERE e.id = " + pk + " AND %P%");
        queries.put("newest 20", "SELECT e.* FROM public.events AS e WHERE %P% ORDER BY e.created_at DESC LIMIT 20");
        queries.put("count", "SELECT count(*) FROM public.events AS e WHERE %P%");
        queries.put("data->>'stadium' filter", "SELECT e.id, e.type FROM public.events AS e WHERE %P% AND (e.data ->> 'stadium') = 'Stadium 3'");
        queries.put("group by type", "SELECT e.type, count(*) FROM public.events AS e WHERE %P% GROUP BY e.type");
        QualifiedName events = QualifiedName.of("public", "events");
        List<Case> out = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String t = q.getValue();
            Map<Variant, Sql> v = new EnumMap<>(Variant.class);
            v.put(Variant.OURS, Ours.query(on, events, "e", session, t));
            v.put(Variant.OURS_UNOPTIMIZED, Ours.query(off, events, "e", session, t));
            v.put(Variant.HAND, new Sql(t.replace("%P%", "e.user_id = ?"), List.of("int4"), List.of(USER),
                    java.util.Optional.empty(), java.util.Optional.empty()));
            v.put(Variant.HASURA, new Sql(t.replace("%P%", "((\"e\".\"user_id\") = (((?->>'x-hasura-user-id'))::integer))"),
                    List.of("json"), List.of(Sql.literal("{\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"" + USER + "\"}")),
                    java.util.Optional.empty(), java.util.Optional.empty()));
            v.put(Variant.RLS, Sql.asRole(t.replace("%P%", "TRUE"), "rls_seed", USER));
            v.put(Variant.RLS_WRAPPED, Sql.asRole(t.replace("%P%", "TRUE"), "rls_seed_w", USER));
            out.add(new Case(name(), q.getKey(), "user", "", v));
        }
        return out;
    }

    static String resource(String path) {
        try (InputStream in = SeedWorkload.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource fixtures/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
