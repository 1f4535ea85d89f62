package dev.hasuraperms.jooq;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hasuraperms.names.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Context;
import org.jooq.Name;
import org.jooq.SQLDialect;
import org.jooq.Schema;
import org.jooq.Table;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.CustomQueryPart;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

/**
 * Which database table a jOOQ table reference reads: a named table ({@code DSL.table(DSL.name(...))}, a generated
 * table), or an alias of one; nothing for joins, derived tables, functions, plain SQL and the like.
 *
 * <p>An alias made with {@code Table.as(...)} of a {@code DSL.table(...)} is a {@link QOM.TableAlias} that says what
 * it aliases. An alias of a generated table is an instance of the generated class that jOOQ 3.19 gives no public way
 * to unwrap (its {@code getSchema()} is null and its name is the alias), so the table it declares is read from jOOQ
 * itself: its declaration rendered without settings ({@code "schema"."table" as "alias"}), cached per (class, name,
 * schema).
 */
final class JooqTables {

    private record Key(Class<?> type, Name name, String schema) {
    }

    /** Sentinel for "not a named table" in the cache (Caffeine keeps no nulls). */
    private static final QualifiedName NONE = QualifiedName.of("\0", "\0");

    private static final Cache<Key, QualifiedName> GENERATED = Caffeine.newBuilder().maximumSize(10_000).build();

    private static final Settings RENDER = new Settings()
            .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withRenderNameCase(RenderNameCase.AS_IS)
            .withRenderSchema(true)
            .withRenderFormatted(false);

    /**
     * Class tests computed once per class: jOOQ's classes implement dozens of interfaces, and an {@code instanceof}
     * test against an interface a class does not implement scans them all, on every call (measured in
     * {@code JooqConditionBenchmark}).
     */
    private static final ClassValue<Boolean> IS_ALIAS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return QOM.TableAlias.class.isAssignableFrom(type);
        }
    };

    private static final ClassValue<Boolean> IS_TABLE_IMPL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return TableImpl.class.isAssignableFrom(type);
        }
    };

    private JooqTables() {
    }

    /**
     * The metadata name of the table {@code table} reads when it is a named table or an alias of one (a bare name is
     * in {@code public}); empty for any other table expression.
     */
    static Optional<QualifiedName> named(Table<?> table) {
        Table<?> t = unaliased(table);
        if (!IS_TABLE_IMPL.get(t.getClass())) {
            return Optional.empty();
        }
        TableImpl<?> impl = (TableImpl<?>) t;
        if (impl.getClass() == TableImpl.class) {
            return Optional.of(byName(impl));
        }
        Schema schema = impl.getSchema();
        Key key = new Key(impl.getClass(), impl.getQualifiedName(), schema == null ? null : schema.getName());
        QualifiedName n = GENERATED.get(key, k -> declared(impl).orElse(NONE));
        return n == NONE ? Optional.empty() : Optional.of(n);
    }

    /**
     * The schema-qualified name of a {@code TableImpl} that is not a named table (a generated table-valued function,
     * a {@code TableImpl} with parameters, which renders as a call); empty for anything else.
     */
    static Optional<QualifiedName> implName(Table<?> table) {
        Table<?> t = unaliased(table);
        if (!IS_TABLE_IMPL.get(t.getClass())) {
            return Optional.empty();
        }
        return Optional.of(byName(t));
    }

    /** The innermost table of an alias chain (the table itself when it is no alias). */
    static Table<?> unaliased(Table<?> table) {
        Table<?> t = table;
        while (IS_ALIAS.get(t.getClass())) {
            t = ((QOM.TableAlias<?>) t).$table();
        }
        return t;
    }

    private static QualifiedName byName(Table<?> t) {
        Schema schema = t.getSchema();
        if (schema != null && !schema.getName().isEmpty()) {
            return QualifiedName.of(schema.getName(), t.getName());
        }
        return JooqNames.toQualifiedName(t.getQualifiedName());
    }

    /** The table a generated table declares, read from its rendered declaration. */
    private static Optional<QualifiedName> declared(TableImpl<?> t) {
        String sql = DSL.using(SQLDialect.POSTGRES, RENDER).render(new CustomQueryPart() {
            @Override
            public void accept(Context<?> ctx) {
                boolean declare = ctx.declareTables();
                ctx.declareTables(true).visit(t).declareTables(declare);
            }
        });
        return parseDeclaration(sql);
    }

    /**
     * {@code "a"."b"} or {@code "a"."b" as "c"} (with optional column aliases) → the table; anything else (a function
     * call, a subquery) → empty.
     */
    static Optional<QualifiedName> parseDeclaration(String sql) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (true) {
            if (i >= n || sql.charAt(i) != '"') {
                return Optional.empty();
            }
            StringBuilder id = new StringBuilder();
            i++;
            while (true) {
                if (i >= n) {
                    return Optional.empty();
                }
                char c = sql.charAt(i++);
                if (c == '"') {
                    if (i < n && sql.charAt(i) == '"') {
                        id.append('"');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    id.append(c);
                }
            }
            if (id.length() == 0) {
                return Optional.empty();
            }
            parts.add(id.toString());
            if (i < n && sql.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (i < n && !sql.startsWith(" as \"", i)) {
            return Optional.empty();
        }
        String table = parts.get(parts.size() - 1);
        return Optional.of(parts.size() >= 2 ? QualifiedName.of(parts.get(parts.size() - 2), table) : QualifiedName.of(QualifiedName.DEFAULT_SCHEMA, table));
    }
}
