package dev.hasuraperms.jooq;

import dev.hasuraperms.internal.sql.SqlTemplate;
import org.jooq.Context;
import org.jooq.Param;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.impl.CustomCondition;

/**
 * A permission predicate as a jOOQ {@link org.jooq.Condition}: the template rendered once, written into the host's
 * query with the host's table reference for the rows and the session's values as bind parameters (or inlined, when
 * the host renders inlined). Immutable.
 */
final class PermissionCondition extends CustomCondition {

    private final SqlTemplate template;
    private final SqlTemplate.Part[] parts;
    private final Table<?> root;
    private final Table<?>[] tables;
    private final Param<?>[] params;

    PermissionCondition(JooqTemplate compiled, Table<?> root, Param<?>[] params) {
        this.template = compiled.template();
        this.parts = compiled.parts();
        this.root = root;
        this.tables = compiled.tables();
        this.params = params;
    }

    @Override
    public void accept(Context<?> ctx) {
        int table = 0;
        for (SqlTemplate.Part p : parts) {
            if (p instanceof SqlTemplate.Text t) {
                ctx.sql(t.sql());
            } else if (p instanceof SqlTemplate.Param q) {
                ctx.visit(params[q.index()]);
            } else if (p instanceof SqlTemplate.Root) {
                ctx.visit(root);
            } else if (p instanceof SqlTemplate.Table) {
                ctx.visit(tables[table++]);
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
