package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * {@link PermissionCondition} writes the names of its tables itself under jOOQ's default naming settings and lets jOOQ
 * write them under any other: both must give the SQL jOOQ would give.
 */
class PermissionConditionRenderingTest {

    private static final CheckedPermissions CHECKED = PermissionChecker.check(MetadataLoader.defaults().loadJson("""
            {"version": 3, "sources": [{"name": "default", "kind": "postgres", "configuration": {}, "tables": [
              {"table": {"schema": "public", "name": "documents"},
               "object_relationships": [{"name": "project", "using": {"foreign_key_constraint_on": "project_id"}}],
               "select_permissions": [{"role": "user", "permission": {"columns": "*", "filter": {"_or": [
                 {"project": {"members": {"user_id": {"_eq": "X-Hasura-User-Id"}}}},
                 {"owner_id": {"_eq": "X-Hasura-User-Id"}}]}}}]},
              {"table": {"schema": "public", "name": "projects"},
               "array_relationships": [{"name": "members", "using": {"foreign_key_constraint_on":
                 {"table": {"schema": "public", "name": "members"}, "column": "project_id"}}}]},
              {"table": {"schema": "public", "name": "members"}}]}]}
            """), DdlSchemaReader.read("""
            CREATE TABLE projects (id int PRIMARY KEY);
            CREATE TABLE members (project_id int REFERENCES projects, user_id int);
            CREATE TABLE documents (id int PRIMARY KEY, project_id int REFERENCES projects, owner_id int);
            """).orThrow()).orThrow();

    private static final JooqPermissions PERMISSIONS = JooqPermissions.of(CHECKED);
    private static final Session USER = Session.of("user", Map.of("X-Hasura-User-Id", "7"));

    /** The same condition with jOOQ's rendering forced (a render mapping that maps nothing). */
    private static String render(Settings settings, Table<?> rows, boolean forceJooq) {
        Settings s = forceJooq ? settings.withRenderMapping(new RenderMapping()) : settings;
        DSLContext dsl = DSL.using(SQLDialect.POSTGRES, s);
        return dsl.render(dsl.selectOne().from(rows).where(PERMISSIONS.selectCondition(rows, USER)));
    }

    @Test
    void writtenNamesAreThoseJooqWrites() {
        for (Table<?> rows : List.of(table(name("public", "documents")), table(name("documents")),
                table(name("public", "documents")).as("d"), table(name("documents")).as("Odd \"alias\""))) {
            for (Settings settings : List.of(new Settings(),
                    new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS),
                    new Settings().withRenderNameCase(RenderNameCase.AS_IS))) {
                String fast = render(settings, rows, false);
                assertThat(fast).as("%s", rows).isEqualTo(render(settings, rows, true))
                        .contains("\"public\".\"members\"").contains("\"public\".\"projects\"");
            }
        }
    }

    @Test
    void otherNamingSettingsAreJooqs() {
        Table<?> d = table(name("public", "documents")).as("d");
        String mapped = render(new Settings().withRenderMapping(new RenderMapping().withSchemata(
                new MappedSchema().withInput("public").withOutput("tenant_1"))), d, false);
        assertThat(mapped).contains("\"tenant_1\".\"members\"").contains("\"tenant_1\".\"projects\"")
                .doesNotContain("\"public\"");
        String upper = render(new Settings().withRenderNameCase(RenderNameCase.UPPER), d, false);
        assertThat(upper).contains("\"PUBLIC\".\"MEMBERS\"");
        String unqualifiedSchema = render(new Settings().withRenderSchema(false), d, false);
        assertThat(unqualifiedSchema).contains("FROM \"members\"")
                .doesNotContain("\"public\"");
    }
}
