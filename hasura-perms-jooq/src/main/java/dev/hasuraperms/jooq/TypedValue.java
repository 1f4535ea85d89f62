package dev.hasuraperms.jooq;

import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import org.jooq.Context;
import org.jooq.Keyword;
import org.jooq.Param;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A value written into a column: {@code cast(<bind value> as <column type>)}, or {@code cast(null as <type>)}. The
 * value is a jOOQ {@link Param}, so it is bound, or inlined (escaped by jOOQ) when the statement is rendered inlined.
 * {@code cast(... as ...)} rather than {@code ::}, so that an inlined negative number stays one value.
 */
final class TypedValue extends CustomField<Object> {

    private static final long serialVersionUID = 1L;
    private static final Keyword CAST = DSL.keyword("cast");
    private static final Keyword AS = DSL.keyword("as");
    private static final Keyword NULL = DSL.keyword("null");

    private final Param<?> param;
    private final String type;

    private TypedValue(Param<?> param, String type) {
        super("v", SQLDataType.OTHER);
        this.param = param;
        this.type = type;
    }

    /** The canonical value {@code v} ({@link SqlNull#INSTANCE} for NULL) of a column of {@code type}. */
    static TypedValue of(Object v, PgType type) {
        return new TypedValue(v == SqlNull.INSTANCE || v == null ? null : JooqTemplate.param(v, type), type.sqlName());
    }

    @Override
    public void accept(Context<?> ctx) {
        ctx.visit(CAST).sql('(');
        if (param == null) {
            ctx.visit(NULL);
        } else {
            ctx.visit(param);
        }
        ctx.sql(' ').visit(AS).sql(' ').sql(type).sql(')');
    }
}
