package dev.hasuraperms.jooq;

import dev.hasuraperms.internal.sql.SqlTemplate;
import dev.hasuraperms.internal.sql.SqlNames;
import org.jooq.Context;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.CustomCondition;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

/**
 * A permission predicate as a jOOQ {@link org.jooq.Condition}: the template rendered once, written into the host's
 * query with the host's table reference for the rows and the session's values as bind parameters (or inlined, when
 * the host renders inlined). Immutable.
 *
 * <p>With jOOQ's default naming settings on a PostgreSQL context (quoted names, names as they are, schemas
 * rendered, no render mapping), the tables of the permission's subqueries and a root that is an alias or a
 * {@code DSL.table(name)} are written as the quoted names jOOQ would write, without visiting them: a visit costs
 * about a microsecond, and a 3-level relationship filter has half a dozen. Any other settings take jOOQ's own
 * rendering, so schema mappings and naming styles apply.
 */
final class PermissionCondition extends CustomCondition {

    private final JooqTemplate compiled;
    private final SqlTemplate template;
    private final SqlTemplate.Part[] parts;
    private final Table<?> root;
    private final Table<?>[] tables;
    private final String[] tableNames;
    private final Param<?>[] params;
    /** The root's name as jOOQ writes it with default naming settings; null when only jOOQ can say. */
    private final String rootName;

    PermissionCondition(JooqTemplate compiled, Table<?> root, Param<?>[] params) {
        this.compiled = compiled;
        this.template = compiled.template();
        this.parts = compiled.parts();
        this.root = root;
        this.tables = compiled.tables();
        this.tableNames = compiled.tableNames();
        this.params = params;
        this.rootName = plainName(root);
    }

    private static String plainName(Table<?> root) {
        if (root instanceof QOM.TableAlias<?>) {
            return SqlNames.quote(root.getName());
        }
        if (root.getClass() == TableImpl.class) {
            StringBuilder b = new StringBuilder();
            for (String part : root.getQualifiedName().getName()) {
                b.append(b.length() == 0 ? "" : ".").append(SqlNames.quote(part));
            }
            return b.toString();
        }
        return null;
    }

    /** Whether jOOQ would write names exactly as quoted metadata names in this context. */
    private static boolean plainNames(Context<?> ctx) {
        if (ctx.family() != SQLDialect.POSTGRES) {
            return false;
        }
        Settings s = ctx.settings();
        RenderQuotedNames quoted = s.getRenderQuotedNames();
        RenderNameCase nameCase = s.getRenderNameCase();
        return s.getRenderMapping() == null
                && (quoted == null || quoted == RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED || quoted == RenderQuotedNames.ALWAYS)
                && (nameCase == null || nameCase == RenderNameCase.AS_IS)
                && !Boolean.FALSE.equals(s.isRenderSchema())
                && ctx.qualify();
    }

    @Override
    public void accept(Context<?> ctx) {
        Table<?> root = this.root;
        String rootName = this.rootName;
        if (ctx.data(RerootedCondition.KEY) instanceof RerootedCondition.Reroot r) {
            Table<?> to = r.rootFor(root);
            if (to != root) {
                root = to;
                rootName = plainName(to);
            }
        }
        boolean plain = plainNames(ctx);
        if (plain && rootName != null) {
            JooqTemplate.Segments segments = compiled.segments(rootName);
            if (segments != null) {
                String[] texts = segments.texts();
                int[] order = segments.params();
                for (int i = 0; i < order.length; i++) {
                    ctx.sql(texts[i]);
                    ctx.visit(params[order[i]]);
                }
                ctx.sql(texts[order.length]);
                return;
            }
        }
        int table = 0;
        for (SqlTemplate.Part p : parts) {
            if (p instanceof SqlTemplate.Text t) {
                ctx.sql(t.sql());
            } else if (p instanceof SqlTemplate.Param q) {
                ctx.visit(params[q.index()]);
            } else if (p instanceof SqlTemplate.Root) {
                if (plain && rootName != null) {
                    ctx.sql(rootName);
                } else {
                    ctx.visit(root);
                }
            } else if (p instanceof SqlTemplate.Table) {
                if (plain) {
                    ctx.sql(tableNames[table++]);
                } else {
                    ctx.visit(tables[table++]);
                }
            } else {
                // pgjdbc reads "?" as a parameter in prepared statements, where the operator is written "??";
                // plain statements (inlined rendering) take it as is.
                String op = ((SqlTemplate.QuestionOperator) p).operator();
                ctx.sql(ctx.paramType() == ParamType.INLINED ? op : op.replace("?", "??"));
            }
        }
    }

    /** The template this condition writes (for tests and explanations). */
    SqlTemplate template() {
        return template;
    }
}
