package dev.hasuraperms.jooq;

import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * An enforced select, built by {@link SecureDsl#select}: the rows of the table that the session's role may read
 * (the select permission's filter AND the caller's conditions), only columns of the select permission, at most the
 * smaller of the caller's and the permission's limit, applied after the caller's ordering; the offset is the caller's.
 *
 * <pre>{@code
 * Result<Record> rows = secure.select(session, e)
 *         .fields(e.ID, e.TYPE)            // default: every readable column, in table order
 *         .where(e.TYPE.eq("Golf"))        // ANDed with the permission's filter
 *         .orderBy(e.HAPPENED_AT.desc())   // readable columns only
 *         .limit(50)                       // the permission's limit wins when smaller
 *         .fetch();
 * }</pre>
 *
 * <p>The SQL: {@code select <fields> from <table> [as <alias>] where (<select filter>) and (<caller's condition>)
 * [order by ...] [offset n rows] [fetch next <limit> rows only]}. Immutable: each method returns a new builder.
 *
 * <p>The caller's conditions are the host's code and are not restricted to readable columns (a GraphQL client's
 * {@code where} would be): a host that passes a client's filter through must restrict it itself.
 */
public final class SecureSelect {

    private final SecureDsl secure;
    private final SessionValues session;
    private final TableRef table;
    private final List<Field<?>> fields;
    private final Condition where;
    private final List<OrderField<?>> orderBy;
    private final OptionalInt limit;
    private final int offset;

    private SecureSelect(SecureDsl secure, SessionValues session, TableRef table, List<Field<?>> fields,
                         Condition where, List<OrderField<?>> orderBy, OptionalInt limit, int offset) {
        this.secure = secure;
        this.session = session;
        this.table = table;
        this.fields = fields;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
    }

    static SecureSelect create(SecureDsl secure, SessionValues session, TableRef table) {
        return new SecureSelect(secure, session, table, List.of(), DSL.noCondition(), List.of(), OptionalInt.empty(), 0);
    }

    /**
     * The fields to read: columns of the table (generated fields, or {@code DSL.field(DSL.name(...))} naming the
     * table's alias, its name, or unqualified). Replaces earlier fields; none means every readable column.
     */
    public SecureSelect fields(Field<?>... fields) {
        return fields(Arrays.asList(fields));
    }

    /** Like {@link #fields(Field[])}. */
    public SecureSelect fields(Collection<? extends Field<?>> fields) {
        List<Field<?>> f = new ArrayList<>();
        for (Field<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureSelect(secure, session, table, List.copyOf(f), where, orderBy, limit, offset);
    }

    /** Adds a condition of the caller (ANDed with earlier ones and with the permission's filter). */
    public SecureSelect where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new SecureSelect(secure, session, table, fields, DSL.and(where, condition), orderBy, limit, offset);
    }

    /**
     * The ordering: fields or sort fields ({@code f.desc()}, {@code f.asc().nullsLast()}) of readable columns of the
     * table; any other column or expression is refused. Replaces an earlier ordering.
     */
    public SecureSelect orderBy(OrderField<?>... fields) {
        List<OrderField<?>> f = new ArrayList<>();
        for (OrderField<?> x : fields) {
            f.add(Objects.requireNonNull(x, "field"));
        }
        return new SecureSelect(secure, session, table, this.fields, where, List.copyOf(f), limit, offset);
    }

    /** The caller's limit (the permission's, when smaller, wins). */
    public SecureSelect limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, OptionalInt.of(limit), offset);
    }

    /** The number of rows to skip (after the ordering, before the limit). */
    public SecureSelect offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        return new SecureSelect(secure, session, table, fields, where, orderBy, limit, offset);
    }

    /**
     * The select as a jOOQ query, not run: to fetch it another way ({@code fetchInto}, {@code fetchLazy}, streams) or
     * to use it in a host's query (a subquery, a CTE, a derived table). Validated now: refusals are thrown here. It is
     * attached to the marked configuration, so running it directly is not secured again by the drop-in listener; in a
     * host's statement it is part of that statement.
     */
    public Select<Record> query() {
        List<String> known = new ArrayList<>();
        for (Field<?> f : fields) {
            table.columnOf(f).ifPresent(known::add);
        }
        SelectPlan plan = secure.enforcement().select(table.name(), session, known, limit);
        List<Field<?>> select = new ArrayList<>();
        if (fields.isEmpty()) {
            for (String c : plan.columns()) {
                select.add(table.column(c, secure.checked().schema()));
            }
        } else {
            for (Field<?> f : fields) {
                select.add(table.column(table.requireColumn(f, session.role(), Operation.SELECT), f));
            }
        }
        List<String> sortColumns = new ArrayList<>();
        for (OrderField<?> o : orderBy) {
            Field<?> f = o instanceof SortField<?> s ? s.$field() : o instanceof Field<?> x ? x : null;
            if (f == null) {
                throw new IllegalArgumentException("order by a field or a sort field, not " + o);
            }
            sortColumns.add(table.requireColumn(f, session.role(), Operation.SELECT));
        }
        if (!sortColumns.isEmpty()) {
            secure.enforcement().readable(plan.rule(), sortColumns);
        }
        Condition condition = DSL.and(secure.permissions().selectCondition(table.table(), session), where);
        SelectLimitStep<Record> ordered = secure.marked().select(select).from(table.table()).where(condition)
                .orderBy(orderBy);
        if (offset > 0) {
            return plan.limit().isPresent() ? ordered.offset(offset).limit(plan.limit().getAsInt()) : ordered.offset(offset);
        }
        return plan.limit().isPresent() ? ordered.limit(plan.limit().getAsInt()) : ordered;
    }

    /** Runs the select. */
    public Result<Record> fetch() {
        return query().fetch();
    }
}
