package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.NativeQueryPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.types.SqlNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Context;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.CustomQueryPart;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A read of a native query under the select permission of the session's role on its logical model, built by
 * {@link SecureDsl#nativeQuery}: {@code select <fields> from (<code>) as <alias> where <filter> and <caller's
 * condition> order by ... [offset] [fetch next <limit> rows only]}, each {@code {{argument}}} of the code a bind value
 * cast to the argument's declared type. The fields are those of the select permission; the limit is the smaller of the
 * caller's and the permission's. With cell redaction (an inherited role) the rows come from a derived table under
 * the same alias that holds {@code case when <condition> then <field> end} for each redacted field. The same SQL as
 * {@code dev.hasuraperms.jdbc.SecureNativeQuery}. Immutable: each method returns a new builder.
 *
 * <pre>{@code
 * Result<Record> rows = secure.nativeQuery(session, "articles_after", Map.of("min_id", 10))
 *         .fields("id", "title")
 *         .where(DSL.field(DSL.name("articles_after", "title")).like("c%"))
 *         .orderBy(DSL.field(DSL.name("id")).desc())
 *         .fetch();
 * }</pre>
 */
public final class SecureNativeQuery {

    private final SecureDsl secure;
    private final SessionValues session;
    private final String name;
    private final Map<String, Object> arguments;
    private final String alias;
    private final List<String> fields;
    private final Condition where;
    private final List<OrderField<?>> orderBy;
    private final OptionalInt limit;
    private final int offset;

    private SecureNativeQuery(SecureDsl secure, SessionValues session, String name, Map<String, Object> arguments,
                              String alias, List<String> fields, Condition where, List<OrderField<?>> orderBy,
                              OptionalInt limit, int offset) {
        this.secure = secure;
        this.session = session;
        this.name = name;
        this.arguments = arguments;
        this.alias = alias;
        this.fields = fields;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
    }

    static SecureNativeQuery create(SecureDsl secure, SessionValues session, String name, Map<String, ?> arguments) {
        Objects.requireNonNull(name, "name");
        return new SecureNativeQuery(secure, session, name, new LinkedHashMap<>(Objects.requireNonNull(arguments,
                "arguments")), checkAlias(name), List.of(), DSL.noCondition(), List.of(), OptionalInt.empty(), 0);
    }

    private static String checkAlias(String alias) {
        if (alias.isEmpty() || alias.indexOf('\0') >= 0 || alias.matches("_hp[0-9]+")) {
            throw new IllegalArgumentException("not a usable alias: \"" + alias.replace("\0", "\\0") + "\"");
        }
        return alias;
    }

    /**
     * The alias the rows go by (default: the native query's root field name); the caller's condition names the fields
     * through it ({@code DSL.field(DSL.name(alias, "title"))}) or unqualified.
     *
     * @param alias the alias
     * @return a new builder
     */
    public SecureNativeQuery as(String alias) {
        return new SecureNativeQuery(secure, session, name, arguments, checkAlias(Objects.requireNonNull(alias, "alias")),
                fields, where, orderBy, limit, offset);
    }

    /**
     * The fields to read, in this order (default: every field the role may read, in field order).
     *
     * @param fields the logical model's field names
     * @return a new builder
     */
    public SecureNativeQuery fields(String... fields) {
        return new SecureNativeQuery(secure, session, name, arguments, alias, List.copyOf(Arrays.asList(fields)), where,
                orderBy, limit, offset);
    }

    /**
     * Adds a condition of the caller (ANDed with earlier ones and with the permission's filter).
     *
     * @param condition the condition
     * @return a new builder
     */
    public SecureNativeQuery where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureNativeQuery(secure, session, name, arguments, alias, fields, DSL.and(where, condition),
                orderBy, limit, offset);
    }

    /**
     * The ordering: fields or sort fields whose (last) name is a readable field of the logical model. Replaces an
     * earlier ordering.
     *
     * @param fields the ordering
     * @return a new builder
     */
    public SecureNativeQuery orderBy(OrderField<?>... fields) {
        List<OrderField<?>> f = new ArrayList<>();
        for (OrderField<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureNativeQuery(secure, session, name, arguments, alias, this.fields, where, List.copyOf(f), limit,
                offset);
    }

    /**
     * The caller's limit (the permission's, when smaller, wins).
     *
     * @param limit the limit
     * @return a new builder
     */
    public SecureNativeQuery limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        return new SecureNativeQuery(secure, session, name, arguments, alias, fields, where, orderBy,
                OptionalInt.of(limit), offset);
    }

    /**
     * The number of rows to skip (after the ordering, before the limit).
     *
     * @param offset the offset
     * @return a new builder
     */
    public SecureNativeQuery offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        return new SecureNativeQuery(secure, session, name, arguments, alias, fields, where, orderBy, limit, offset);
    }

    /**
     * The read as a jOOQ query, not run. Validated now: refusals are thrown here.
     *
     * @return the query
     * @throws dev.hasuraperms.check.PermissionDeniedException      when there is no such native query, or the role has
     *                                                             no select permission on its logical model
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException    for a field (read or ordered by) the role may not
     *                                                             read
     * @throws dev.hasuraperms.enforce.NativeQueryArgumentException for an undeclared, missing, null or ill-typed
     *                                                             argument
     */
    public Select<Record> query() {
        List<String> sortColumns = new ArrayList<>();
        for (OrderField<?> o : orderBy) {
            Field<?> f = o instanceof SortField<?> s ? s.$field() : o instanceof Field<?> x ? x : null;
            if (f == null) {
                throw new IllegalArgumentException("order by a field or a sort field, not " + o);
            }
            sortColumns.add(f.getUnqualifiedName().last());
        }
        if (!sortColumns.isEmpty()) {
            secure.enforcement().nativeQueryFields(name, session, sortColumns, arguments);
        }
        NativeQueryPlan plan = secure.enforcement().nativeQuery(name, session, fields, limit, arguments);
        Name a = DSL.name(alias);
        Table<Record> rows = DSL.table("{0}", code(plan)).as(a);
        List<Field<?>> select = new ArrayList<>();
        for (String c : plan.columns()) {
            select.add(DSL.field(a.append(DSL.name(c))));
        }
        List<OrderField<?>> order = new ArrayList<>();
        for (int i = 0; i < orderBy.size(); i++) {
            Field<Object> f = DSL.field(a.append(DSL.name(sortColumns.get(i))));
            order.add(orderBy.get(i) instanceof SortField<?> s ? s.$field(f) : f);
        }
        Condition filter = secure.permissions().logicalModelCondition(plan.model(), rows, session);
        SelectLimitStep<Record> ordered;
        if (plan.rule().redactions().isEmpty()) {
            ordered = secure.marked().select(select).from(rows).where(DSL.and(filter, where)).orderBy(order);
        } else {
            List<Field<?>> inner = new ArrayList<>();
            for (String c : plan.query().columns().keySet()) {
                Field<Object> col = DSL.field(a.append(DSL.name(c)));
                inner.add(!plan.rule().redactions().containsKey(c) ? col
                        : secure.permissions().logicalModelRedactionCondition(plan.model(), c, rows, session)
                                .<Field<?>>map(visible -> DSL.when(visible, col).as(DSL.name(c))).orElse(col));
            }
            Table<Record> redacted = DSL.select(inner).from(rows).where(filter).asTable(a);
            ordered = secure.marked().select(select).from(redacted).where(where).orderBy(order);
        }
        if (offset > 0) {
            return plan.limit().isPresent() ? ordered.offset(offset).limit(plan.limit().getAsInt()) : ordered.offset(offset);
        }
        return plan.limit().isPresent() ? ordered.limit(plan.limit().getAsInt()) : ordered;
    }

    /** {@code (<code>)}: the native query's text written as is, each argument a bind value cast to its type. */
    private static CustomQueryPart code(NativeQueryPlan plan) {
        List<NativeQueryPlan.Part> parts = plan.code();
        return new CustomQueryPart() {
            private static final long serialVersionUID = 1L;

            @Override
            public void accept(Context<?> ctx) {
                ctx.sql('(');
                for (NativeQueryPlan.Part p : parts) {
                    if (p instanceof NativeQueryPlan.Sql s) {
                        ctx.sql(s.sql());
                    } else {
                        NativeQueryPlan.Argument arg = (NativeQueryPlan.Argument) p;
                        ctx.sql('(').visit(arg.value() == SqlNull.INSTANCE ? DSL.val(null, SQLDataType.VARCHAR)
                                : JooqTemplate.param(arg.value(), arg.type())).sql("::").sql(arg.type().sqlName())
                                .sql(')');
                    }
                }
                ctx.sql(')');
            }
        };
    }

    /**
     * Runs the read.
     *
     * @return the rows
     */
    public Result<Record> fetch() {
        return query().fetch();
    }
}
