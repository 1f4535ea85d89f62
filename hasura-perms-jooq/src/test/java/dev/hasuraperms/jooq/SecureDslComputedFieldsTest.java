package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.enforce.InvalidComputedFieldArgumentException;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Scalar computed fields read through {@link SecureDsl} (fixtures/computed-fields). */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureDslComputedFieldsTest {

    private static final Table<?> AUTHORS = DSL.table(DSL.name("public", "authors"));
    private static final Field<Object> ID = DSL.field(DSL.name("id"));
    private static final Field<Object> NAME_LEN = DSL.field(DSL.name("name_len"));
    private static final Field<Object> YEARLY = DSL.field(DSL.name("yearly_salary"));

    private SecureDsl secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        db.execute(Fixtures.read("computed-fields/schema.sql"));
        db.execute(Fixtures.read("computed-fields/data.sql"));
        JooqPermissions p = JooqPermissions.of(PermissionChecker.check(MetadataLoader.defaults().load(Fixtures.path("computed-fields/metadata.json")),
                JdbcSchemaReader.defaults().read(db.dataSource())).orThrow());
        secure = SecureDsl.of(DSL.using(db.dataSource(), SQLDialect.POSTGRES), p);
    }

    @Test
    void computedFieldsAreReadOrderedAndGivenArguments() {
        Session anon = Session.of("anonymous", Map.of());
        Result<Record> rows = secure.select(anon, AUTHORS.as("x")).fields(DSL.field(DSL.name("x", "id")), NAME_LEN,
                        DSL.field(DSL.name("name_with")))
                .arguments("name_with", Map.of("prefix", "<", "suffix", ">"))
                .orderBy(NAME_LEN.desc(), ID.asc()).fetch();
        assertThat(rows.getValues("id", Integer.class)).containsExactly(2, 4, 1, 3);
        assertThat(rows.getValues("name_len", Integer.class)).containsExactly(11, 4, 3, 2);
        assertThat(rows.getValues("name_with", String.class)).containsExactly("<Bartholomew>", "<Dora>", "<Ann>", "<Cy>");
        Session me = Session.of("user", Map.of("X-Hasura-User-Id", "3"));
        assertThat(secure.select(me, AUTHORS).fields(ID, DSL.field(DSL.name("is_me"))).fetch()
                .getValues("is_me", Boolean.class)).containsExactly(true);
    }

    @Test
    void refusalsAreTyped() {
        Session anon = Session.of("anonymous", Map.of());
        assertThatThrownBy(() -> secure.select(anon, AUTHORS).fields(DSL.field(DSL.name("name_with"))).query())
                .isInstanceOf(InvalidComputedFieldArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> secure.select(anon, AUTHORS).fields(YEARLY).query())
                .isInstanceOf(ColumnNotAllowedException.class).hasMessageContaining("computed_fields");
    }

    @Test
    void inheritedRolesRedactComputedFields() {
        Session s = Session.of("user_anon", Map.of("X-Hasura-User-Id", "2"));
        Result<Record> rows = secure.select(s, AUTHORS).fields(ID, YEARLY, NAME_LEN)
                .orderBy(YEARLY.desc().nullsLast(), ID.asc()).fetch();
        assertThat(rows.getValues("id", Integer.class)).containsExactly(2, 1, 3, 4);
        assertThat(rows.getValues("yearly_salary", Integer.class)).containsExactly(24000, null, null, null);
        assertThat(rows.getValues("name_len", Integer.class)).containsExactly(11, 3, 2, 4);
    }

    @Test
    void tableComputedFieldRowsAreReadUnderTheTargetsPermission() {
        Table<?> p = AUTHORS.as("p");
        Table<?> r = DSL.table(DSL.name("public", "articles")).as("r");
        Field<Object> rid = DSL.field(DSL.name("r", "id"));
        Session anon = Session.of("anonymous", Map.of());
        assertThat(secure.selectComputed(anon, p, "articles", Map.of(), r).parentWhere(DSL.field(DSL.name("p", "id")).eq(1))
                .fields(rid, DSL.field(DSL.name("r", "title"))).orderBy(rid.asc()).fetch().getValues("title", String.class))
                .containsExactly("Ann one");
        Session one = Session.of("user", Map.of("X-Hasura-User-Id", "1"));
        assertThat(secure.selectComputed(one, p, "articles", Map.of("search", "two"), r).fields(rid).fetch()
                .getValues("id", Integer.class)).containsExactly(2);
        Session two = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
        assertThat(secure.selectComputed(two, p, "articles", Map.of(), r).parentWhere(DSL.field(DSL.name("p", "id")).eq(1))
                .fields(rid).fetch()).isEmpty();
        Session anonInherited = Session.of("user_anon", Map.of("X-Hasura-User-Id", "1"));
        assertThat(secure.selectComputed(anonInherited, p, "articles", Map.of(), r).fields(rid).orderBy(rid.asc()).fetch()
                .getValues("id", Integer.class)).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> secure.selectComputed(anon, p, "name_len", Map.of(), r))
                .isInstanceOf(ColumnNotAllowedException.class);
        assertThatThrownBy(() -> secure.selectComputed(anon, AUTHORS, "articles", Map.of(), r))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secure.selectComputed(anon, p, "articles", Map.of("search", List.of(1)), r).fields(rid).query())
                .isInstanceOf(InvalidComputedFieldArgumentException.class);
    }
}
