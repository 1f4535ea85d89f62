package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.ForeignKey;
import org.jooq.InverseForeignKey;
import org.jooq.Name;
import org.jooq.Path;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Schema;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableOptions;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.SchemaImpl;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables written the way jOOQ 3.19's code generator writes them: an alias is an instance of the generated class (not
 * a {@code TableAlias}) whose schema is null and whose name is the alias, and path methods give implicit joins.
 */
@PostgresTest
class PermissionListenerGeneratedTablesTest {

    static final class Public extends SchemaImpl {
        static final Public PUBLIC = new Public();

        private Public() {
            super(DSL.name("public"), null);
        }
    }

    static class Authors extends TableImpl<Record> {
        static final Authors AUTHORS = new Authors();
        final TableField<Record, Integer> ID = createField(DSL.name("id"), SQLDataType.INTEGER.nullable(false), this, "");
        final TableField<Record, String> NAME = createField(DSL.name("name"), SQLDataType.CLOB.nullable(false), this, "");

        private Authors() {
            this(DSL.name("authors"), null);
        }

        Authors(Name alias, Table<Record> aliased) {
            super(alias, null, aliased, null, DSL.comment(""), TableOptions.table(), null);
        }

        <O extends Record> Authors(Table<O> path, ForeignKey<O, Record> childPath, InverseForeignKey<O, Record> parentPath) {
            super(path, childPath, parentPath, AUTHORS);
        }

        @Override
        public Schema getSchema() {
            return aliased() ? null : Public.PUBLIC;
        }

        @Override
        public UniqueKey<Record> getPrimaryKey() {
            return Keys.AUTHORS_PKEY;
        }

        @Override
        public Authors as(Name alias) {
            return new Authors(alias, this);
        }

        @Override
        public Authors as(String alias) {
            return new Authors(DSL.name(alias), this);
        }
    }

    static final class AuthorsPath extends Authors implements Path<Record> {
        <O extends Record> AuthorsPath(Table<O> path, ForeignKey<O, Record> childPath, InverseForeignKey<O, Record> parentPath) {
            super(path, childPath, parentPath);
        }

        private AuthorsPath(Name alias, Table<Record> aliased) {
            super(alias, aliased);
        }

        @Override
        public AuthorsPath as(Name alias) {
            return new AuthorsPath(alias, this);
        }

        @Override
        public AuthorsPath as(String alias) {
            return new AuthorsPath(DSL.name(alias), this);
        }
    }

    static final class Articles extends TableImpl<Record> {
        static final Articles ARTICLES = new Articles();
        final TableField<Record, Integer> ID = createField(DSL.name("id"), SQLDataType.INTEGER.nullable(false), this, "");
        final TableField<Record, Integer> AUTHOR_ID = createField(DSL.name("author_id"), SQLDataType.INTEGER.nullable(false), this, "");
        final TableField<Record, String> TITLE = createField(DSL.name("title"), SQLDataType.CLOB.nullable(false), this, "");
        private transient AuthorsPath author;

        private Articles() {
            this(DSL.name("articles"), null);
        }

        private Articles(Name alias, Table<Record> aliased) {
            super(alias, null, aliased, null, DSL.comment(""), TableOptions.table(), null);
        }

        @Override
        public Schema getSchema() {
            return aliased() ? null : Public.PUBLIC;
        }

        @Override
        public List<ForeignKey<Record, ?>> getReferences() {
            return List.of(Keys.ARTICLES_AUTHOR_FKEY);
        }

        AuthorsPath author() {
            if (author == null) {
                author = new AuthorsPath(this, Keys.ARTICLES_AUTHOR_FKEY, null);
            }
            return author;
        }

        @Override
        public Articles as(Name alias) {
            return new Articles(alias, this);
        }

        @Override
        public Articles as(String alias) {
            return new Articles(DSL.name(alias), this);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Keys {
        static final UniqueKey<Record> AUTHORS_PKEY = Internal.createUniqueKey(Authors.AUTHORS, DSL.name("authors_pkey"),
                new TableField[] {Authors.AUTHORS.ID}, true);
        static final ForeignKey<Record, Record> ARTICLES_AUTHOR_FKEY = Internal.createForeignKey(Articles.ARTICLES,
                DSL.name("articles_author_id_fkey"), new TableField[] {Articles.ARTICLES.AUTHOR_ID}, AUTHORS_PKEY,
                new TableField[] {Authors.AUTHORS.ID}, true);
    }

    private static final Articles ARTICLES = Articles.ARTICLES;
    private static final Session USER_2 = Session.of("user", Map.of("X-Hasura-User-Id", "2"));

    private static Connection connection;
    private static JooqPermissions permissions;

    @BeforeAll
    static void schema(TestDatabase db) throws Exception {
        db.execute(Fixtures.read("enforcement/schema.sql"));
        db.execute(Fixtures.read("enforcement/data.sql"));
        connection = db.connection();
        permissions = JooqPermissions.of(PermissionChecker.check(
                MetadataLoader.defaults().load(Fixtures.path("enforcement/metadata.json")),
                JdbcSchemaReader.defaults().read(connection)).orThrow());
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static DSLContext raw() {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    private static DSLContext user2() {
        return PermissionListener.secure(raw(), permissions, () -> USER_2);
    }

    @Test
    void anAliasOfAGeneratedTableIsTheTableItAliases() {
        Articles x = ARTICLES.as("x");
        assertThat(x.getSchema()).isNull();
        assertThat(JooqPermissions.tableName(x)).isEqualTo(QualifiedName.of("articles"));
        assertThat(JooqPermissions.tableName(x.as("y"))).isEqualTo(QualifiedName.of("articles"));
        assertThat(JooqPermissions.tableName(ARTICLES)).isEqualTo(QualifiedName.of("articles"));
        assertThat(raw().fetchCount(x, permissions.selectCondition(x, USER_2))).isEqualTo(4);

        assertThat(user2().select(x.ID).from(x).orderBy(x.ID).fetch(x.ID)).containsExactly(2, 3, 4, 5);
        assertThat(user2().select(ARTICLES.ID).from(ARTICLES).orderBy(ARTICLES.ID).fetch(ARTICLES.ID)).containsExactly(2, 3, 4, 5);
        assertThat(user2().render(user2().selectFrom(x))).contains("\"x\".\"is_published\" = ?::bool");
    }

    @Test
    void implicitJoinPathsAreRefusedExplicitPathJoinsAreSecured() {
        // jOOQ adds the implicit join while rendering, past the listener: the net refuses the statement.
        assertThatThrownBy(() -> user2().select(ARTICLES.ID, ARTICLES.author().NAME).from(ARTICLES).fetch())
                .isInstanceOf(UnsecuredStatementException.class);
        // An explicit path join is a join the listener sees.
        assertThat(user2().select(ARTICLES.ID, ARTICLES.author().NAME).from(ARTICLES).join(ARTICLES.author())
                .orderBy(ARTICLES.ID).fetch(ARTICLES.ID)).containsExactly(2, 3, 4, 5);
        assertThat(user2().select(ARTICLES.ID).from(ARTICLES).leftJoin(ARTICLES.author())
                .orderBy(ARTICLES.ID).fetch(ARTICLES.ID)).containsExactly(2, 3, 4, 5);
    }
}
