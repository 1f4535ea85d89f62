package dev.hasuraperms.jdbc;

import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.enforce.JdbcRows;
import dev.hasuraperms.enforce.SelectPlan;
import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.metadata.RootField;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A select enforced by the session's select permission ({@link SecureJdbc#select}). The statement is
 *
 * <pre>
 * SELECT "e"."id", ... FROM "public"."events" AS "e"
 * WHERE (&lt;select filter&gt;) AND (&lt;condition&gt;) ... ORDER BY ... LIMIT ? OFFSET ?
 * </pre>
 *
 * <p>with the limit the smaller of the caller's and the permission's (applied after the ordering), and the caller's
 * offset. When the select permission redacts cells (an inherited role whose parents grant a column on different
 * rows, {@link dev.hasuraperms.check.SelectRule#redactions()}), the rows come from a derived table under the same
 * alias that holds, for each redacted column, {@code CASE WHEN <condition> THEN <column> ELSE NULL END}:
 *
 * <pre>
 * SELECT "u"."id", "u"."email" FROM (SELECT "u"."id", ..., CASE WHEN (&lt;condition&gt;) THEN "u"."email" ELSE NULL END
 * AS "email", ... FROM "public"."users" AS "u" WHERE (&lt;select filter&gt;)) AS "u" WHERE (&lt;condition&gt;) ...
 * </pre>
 *
 * <p>so that the selected columns, the caller's conditions and the ordering read the redacted values, as in Hasura.
 * The derived table exposes every column of the table (the others as they are): system columns ({@code ctid},
 * {@code xmin}, ...) cannot be named in a condition then. Validation happens in the terminal operations ({@link #statement()}, {@link #fetchMaps()},
 * {@link #fetch(RowMapper)}), before any SQL. Not thread-safe.
 */
public final class SecureSelect {

    private final SecureJdbc owner;
    private final Connection connection;
    private final SessionValues session;
    private final QualifiedName table;
    private String alias;
    private List<String> columns = List.of();
    private final List<SqlCondition> conditions = new ArrayList<>();
    private final List<OrderBy> orderBy = new ArrayList<>();
    private OptionalInt limit = OptionalInt.empty();
    private OptionalLong offset = OptionalLong.empty();
    private Optional<Map<String, ?>> primaryKey = Optional.empty();
    private final Map<String, Map<String, Object>> arguments = new java.util.LinkedHashMap<>();
    /** For the rows of a table computed field: where they come from; null for the table's own rows. */
    private final ComputedRows source;

    /** The rows of a table computed field ({@code SETOF <table>}) of the rows of {@code parent}. */
    private static final class ComputedRows {
        final QualifiedName parent;
        final String field;
        final Map<String, Object> arguments;
        String parentAlias;
        final List<SqlCondition> parentConditions = new ArrayList<>();

        ComputedRows(QualifiedName parent, String field, Map<String, ?> arguments) {
            this.parent = parent;
            this.field = field;
            this.arguments = new java.util.LinkedHashMap<>(arguments);
            this.parentAlias = parent.name();
        }
    }

    SecureSelect(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table) {
        this(owner, connection, session, table, null);
    }

    /** The rows of table computed field {@code field} of {@code parent}'s rows (the target table is resolved here). */
    static SecureSelect computed(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName parent,
                                 String field, Map<String, ?> arguments) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(field, "field");
        var cf = owner.enforcement().permissions().table(parent).flatMap(t -> t.computedField(field))
                .filter(c -> !c.scalar());
        RuntimeException refused = null;
        if (owner.enforcement().permissions().select(parent, session.role()).isEmpty()) {
            refused = new dev.hasuraperms.check.PermissionDeniedException(session.role(), parent,
                    dev.hasuraperms.metadata.Operation.SELECT);
        } else if (cf.isEmpty()) {
            refused = new dev.hasuraperms.enforce.ColumnNotAllowedException(session.role(), parent,
                    dev.hasuraperms.metadata.Operation.SELECT, field, "the table has no computed field " + field
                    + " that returns rows of a table");
        }
        if (refused != null) {
            owner.enforcement().reportRefused(dev.hasuraperms.enforce.AuditEvent.Kind.COMPUTED_ROWS, session.role(),
                    parent.toString(), refused);
            throw refused;
        }
        return new SecureSelect(owner, connection, session, cf.get().returnsTable().orElseThrow(),
                new ComputedRows(parent, field, arguments));
    }

    private SecureSelect(SecureJdbc owner, Connection connection, SessionValues session, QualifiedName table,
                         ComputedRows source) {
        this.source = source;
        this.owner = owner;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.session = Objects.requireNonNull(session, "session");
        this.table = Objects.requireNonNull(table, "table");
        this.alias = table.name();
    }

    /**
     * For the rows of a table computed field ({@link SecureJdbc#selectComputed}): the alias the parent rows go by in
     * the statement, for {@link #parentWhere} (default: the parent table's unqualified name).
     *
     * @param alias the parent rows' alias
     * @return this
     * @throws IllegalStateException    when this select is not of a table computed field's rows
     * @throws IllegalArgumentException for an alias that cannot be used (see {@link #alias})
     */
    public SecureSelect parentAlias(String alias) {
        if (source == null) {
            throw new IllegalStateException("parentAlias is for the rows of a table computed field");
        }
        source.parentAlias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * For the rows of a table computed field ({@link SecureJdbc#selectComputed}): a condition on the parent rows whose
     * field is read, ANDed with the parent table's select filter (only rows the role may read have the field).
     *
     * @param condition a condition naming the parent rows by {@link #parentAlias}
     * @return this
     * @throws IllegalStateException when this select is not of a table computed field's rows
     */
    public SecureSelect parentWhere(SqlCondition condition) {
        if (source == null) {
            throw new IllegalStateException("parentWhere is for the rows of a table computed field");
        }
        source.parentConditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * The alias the rows go by in the statement, for the permission's filter and the caller's conditions (default:
     * the table's unqualified name).
     *
     * @param alias the alias of the table's rows
     * @return this builder
     * @throws IllegalArgumentException for an empty alias, or one of the form {@code _hp<n>} (reserved for the
     *                                  subqueries of permission predicates)
     */
    public SecureSelect alias(String alias) {
        this.alias = SecureJdbc.checkAlias(alias);
        return this;
    }

    /**
     * The columns and scalar computed fields to read, in this order (default: every column the role may read, in
     * table order). A computed field is read as {@code "s"."f"(<row>, ...) AS "<field>"}, with the session as JSON
     * for its session argument and the input arguments of {@link #arguments}.
     *
     * @param columns column and computed-field names
     * @return this
     */
    public SecureSelect columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /**
     * Like {@link #columns(String...)}.
     *
     * @param columns column and computed-field names
     * @return this
     */
    public SecureSelect columns(List<String> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /**
     * The input arguments of computed field {@code field} (Hasura's {@code args}), by argument name; values as
     * {@link dev.hasuraperms.enforce.ColumnValues} accepts them, {@code null} for SQL NULL. Arguments left out take
     * their defaults; an argument without a default must be given. Checked in the terminal operations
     * ({@link dev.hasuraperms.enforce.InvalidComputedFieldArgumentException}).
     *
     * @param field     a scalar computed field read or ordered by
     * @param arguments argument name → value
     * @return this
     */
    public SecureSelect arguments(String field, Map<String, ?> arguments) {
        Objects.requireNonNull(field, "field");
        this.arguments.put(field, new java.util.LinkedHashMap<>(arguments));
        return this;
    }

    /**
     * Adds a condition on the rows, AND-ed with the permission's filter and any earlier condition.
     *
     * @param condition the caller's condition, its values bound
     * @return this builder
     */
    public SecureSelect where(SqlCondition condition) {
        conditions.add(Objects.requireNonNull(condition, "condition"));
        return this;
    }

    /**
     * Adds terms to the ordering; their columns must be readable by the role.
     *
     * @param terms the ordering terms, in order
     * @return this builder
     */
    public SecureSelect orderBy(OrderBy... terms) {
        for (OrderBy t : terms) {
            orderBy.add(Objects.requireNonNull(t, "orderBy"));
        }
        return this;
    }

    /**
     * Makes this a read by primary key (Hasura's {@code select_by_pk} root field): the row whose primary key columns
     * equal {@code key}, if the role may read it. Refused, when the statement is made, like
     * {@link dev.hasuraperms.enforce.Enforcement#rootField} refuses {@code select_by_pk} (not exposed by
     * {@code query_root_fields}, no primary key, a primary key column the role may not read); a {@code key} that does
     * not name exactly the primary key columns is an {@link IllegalArgumentException}, a value that is not valid for
     * its column an {@link dev.hasuraperms.enforce.InvalidColumnValueException}. {@link SecureJdbc#selectByPk} starts
     * one.
     *
     * @param key primary key column → value
     * @return this builder
     */
    public SecureSelect byPrimaryKey(Map<String, ?> key) {
        this.primaryKey = Optional.of(Map.copyOf(key));
        return this;
    }

    /**
     * The most rows to read (the permission's limit, when smaller, wins).
     *
     * @param limit the most rows to read
     * @return this builder
     */
    public SecureSelect limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        this.limit = OptionalInt.of(limit);
        return this;
    }

    /**
     * How many rows (in the ordering) to skip.
     *
     * @param offset the number of rows to skip
     * @return this builder
     */
    public SecureSelect offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset cannot be negative: " + offset);
        }
        this.offset = OptionalLong.of(offset);
        return this;
    }

    /**
     * The statement, validated and bound, for a host that runs it itself.
     *
     * @return the SQL and its values; never null
     * @throws dev.hasuraperms.check.PermissionDeniedException        when the role has no select permission
     * @throws dev.hasuraperms.enforce.ColumnNotAllowedException      for a column (read or ordered by) the role may
     *                                                               not read
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException       when a session variable is missing or invalid
     */
    public SqlStatement statement() {
        if (source != null && primaryKey.isPresent()) {
            // select_by_pk is a root field; the rows of a table computed field have no read by primary key in Hasura.
            throw new IllegalArgumentException("a read by primary key cannot be combined with the rows of a table"
                    + " computed field (Hasura has no select_by_pk there); use a where on the key's columns");
        }
        SelectPlan plan = source != null
                ? owner.enforcement().selectComputed(source.parent, table, session, columns, limit)
                : owner.enforcement().select(table, session,
                        primaryKey.isPresent() ? RootField.SELECT_BY_PK : RootField.SELECT, columns, limit);
        List<SqlCondition> conditions = new ArrayList<>();
        if (primaryKey.isPresent()) {
            Map<String, Object> key = owner.enforcement().primaryKeyValues(table, primaryKey.get());
            dev.hasuraperms.schema.Table t = owner.enforcement().permissions().schema().table(table).orElseThrow();
            for (Map.Entry<String, Object> e : key.entrySet()) {
                SqlStatement.Builder eq = new SqlStatement.Builder().append(SqlIdentifiers.quote(alias)).append('.')
                        .append(SqlIdentifiers.quote(e.getKey())).append(" = ")
                        .value(e.getValue(), t.column(e.getKey()).orElseThrow().type());
                conditions.add(SqlCondition.ofStatement(eq.build()));
            }
        }
        conditions.addAll(this.conditions);
        for (OrderBy o : orderBy) {
            owner.enforcement().readable(plan.rule(), List.of(o.column()));
        }
        SelectRule rule = plan.rule();
        for (String f : arguments.keySet()) {
            if (owner.enforcement().computedField(rule, f).isEmpty()) {
                owner.enforcement().readable(rule, List.of(f));
                throw new dev.hasuraperms.enforce.InvalidComputedFieldArgumentException(table, f,
                        "arguments are given for a column");
            }
        }
        SqlPredicate filter = source == null
                ? owner.permissions().compiledSelectFilter(table, session.role(), Optional.of(alias)).bind(session)
                : owner.permissions().selectFilterForRows(table, alias, session);
        String a = SqlIdentifiers.quote(alias);
        // The scalar computed fields read or ordered by, as calls on the rows.
        Map<String, SqlPredicate> calls = new java.util.LinkedHashMap<>();
        List<String> used = new ArrayList<>(plan.columns());
        orderBy.forEach(o -> used.add(o.column()));
        for (String f : used) {
            owner.enforcement().computedField(rule, f).ifPresent(cf -> calls.computeIfAbsent(f, k -> call(cf, alias)));
        }
        SqlStatement.Builder sql = new SqlStatement.Builder().append("SELECT ");
        boolean redacting = !rule.redactions().isEmpty();
        for (int i = 0; i < plan.columns().size(); i++) {
            String c = plan.columns().get(i);
            sql.append(i == 0 ? "" : ", ");
            if (calls.containsKey(c)) {
                value(sql, rule, c, calls.get(c)).append(" AS ").append(SqlIdentifiers.quote(c));
            } else {
                sql.append(a).append('.').append(SqlIdentifiers.quote(c));
            }
        }
        sql.append(" FROM ");
        if (!redacting) {
            from(sql, a).predicate(filter);
            for (SqlCondition c : conditions) {
                sql.append(" AND ").condition(c);
            }
        } else {
            // Cell redaction (inherited roles): the rows of the filter, with every redacted column replaced by its
            // redacted value under its own name and the same alias, so that the caller's conditions and ordering see
            // what the role reads. PostgreSQL pulls the derived table up into the outer query. The derived table has
            // exactly the table's columns, in order, so that a computed field's function takes its rows (PostgreSQL
            // coerces the row to the table's type): computed fields, read outside, see the row as the role reads it.
            sql.append("(SELECT ");
            List<String> all = owner.enforcement().permissions().schema().table(table)
                    .map(t -> t.columns().stream().map(dev.hasuraperms.schema.Column::name).toList())
                    .orElse(rule.columns());
            for (int i = 0; i < all.size(); i++) {
                String c = all.get(i);
                String col = a + "." + SqlIdentifiers.quote(c);
                sql.append(i == 0 ? "" : ", ");
                Optional<CompiledPredicate> visible = rule.redactions().containsKey(c)
                        ? owner.permissions().compiledRedaction(table, session.role(), c, Optional.of(alias))
                        : Optional.empty();
                if (visible.isPresent()) {
                    sql.append("CASE WHEN ").predicateUnenclosed(visible.get().bind(session)).append(" THEN ").append(col)
                            .append(" ELSE NULL END AS ").append(SqlIdentifiers.quote(c));
                } else {
                    sql.append(col);
                }
            }
            sql.append(" FROM ");
            from(sql, a).predicate(filter).append(") AS ").append(a);
            for (int i = 0; i < conditions.size(); i++) {
                sql.append(i == 0 ? " WHERE " : " AND ").condition(conditions.get(i));
            }
        }
        for (int i = 0; i < orderBy.size(); i++) {
            OrderBy o = orderBy.get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ");
            if (calls.containsKey(o.column())) {
                value(sql, rule, o.column(), calls.get(o.column()));
            } else {
                sql.append(a).append('.').append(SqlIdentifiers.quote(o.column()));
            }
            sql.append(o.sqlSuffix());
        }
        if (plan.limit().isPresent()) {
            sql.append(" LIMIT ").number(plan.limit().getAsInt());
        }
        if (offset.isPresent()) {
            sql.append(" OFFSET ").number(offset.getAsLong());
        }
        return sql.build();
    }

    /**
     * {@code <table> AS a WHERE }, or for the rows of a table computed field {@code <parent> AS p CROSS JOIN LATERAL
     * f(p.*, ...) AS a WHERE (<parent's select filter>) AND (<parent conditions>) AND }.
     */
    private SqlStatement.Builder from(SqlStatement.Builder sql, String a) {
        if (source == null) {
            return sql.append(SqlIdentifiers.quote(table)).append(" AS ").append(a).append(" WHERE ");
        }
        if (source.parentAlias.equals(alias)) {
            throw new IllegalArgumentException("the parent rows and the computed field's rows both have the alias "
                    + alias + ": set another with parentAlias or alias");
        }
        var cf = owner.enforcement().permissions().table(source.parent).flatMap(t -> t.computedField(source.field))
                .orElseThrow();
        var given = dev.hasuraperms.enforce.ComputedFieldArguments.read(source.parent, cf, source.arguments);
        dev.hasuraperms.internal.sql.SqlTemplate t = dev.hasuraperms.internal.sql.ComputedFieldSql.call(cf, given,
                owner.enforcement().permissions().schema().serverMajorVersion());
        String p = SqlIdentifiers.quote(source.parentAlias);
        sql.append(SqlIdentifiers.quote(source.parent)).append(" AS ").append(p).append(" CROSS JOIN LATERAL ")
                .predicateUnenclosed(new CompiledPredicate(t, p).bind(session)).append(" AS ").append(a).append(" WHERE ")
                .predicate(owner.permissions().compiledSelectFilter(source.parent, session.role(), Optional.of(
                        source.parentAlias)).bind(session));
        for (SqlCondition c : source.parentConditions) {
            sql.append(" AND ").condition(c);
        }
        return sql.append(" AND ");
    }

    /** The call of computed field {@code cf} on the rows named {@code alias}, bound. */
    private SqlPredicate call(dev.hasuraperms.check.ResolvedComputedField cf, String alias) {
        List<dev.hasuraperms.enforce.ComputedFieldArguments.Bound> given = dev.hasuraperms.enforce.ComputedFieldArguments
                .read(table, cf, arguments.getOrDefault(cf.name(), Map.of()));
        dev.hasuraperms.internal.sql.SqlTemplate t = dev.hasuraperms.internal.sql.ComputedFieldSql.call(cf, given,
                owner.enforcement().permissions().schema().serverMajorVersion());
        return new CompiledPredicate(t, SqlIdentifiers.quote(alias)).bind(session);
    }

    /** A computed field's value: the call, or under an inherited role's redaction {@code CASE WHEN ... END}. */
    private SqlStatement.Builder value(SqlStatement.Builder sql, SelectRule rule, String field, SqlPredicate call) {
        Optional<CompiledPredicate> visible = rule.redactions().containsKey(field)
                ? owner.permissions().compiledRedaction(table, session.role(), field, Optional.of(alias))
                : Optional.empty();
        if (visible.isPresent()) {
            return sql.append("CASE WHEN ").predicateUnenclosed(visible.get().bind(session)).append(" THEN ")
                    .predicateUnenclosed(call).append(" ELSE NULL END");
        }
        return sql.predicateUnenclosed(call);
    }

    /**
     * Runs the select; every row as column → value ({@code getObject}), in the order of the columns.
     *
     * @return the rows, in the statement's order; empty when none
     * @throws SQLException when the database reports an error
     */
    public List<Map<String, Object>> fetchMaps() throws SQLException {
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            return JdbcRows.read(rs);
        }
    }

    /**
     * Runs the select and returns its only row, for a read by primary key ({@link #byPrimaryKey}).
     *
     * @return the row, or empty when there is none the role may read
     * @throws IllegalStateException when the select returns more than one row
     * @throws SQLException          when the database fails
     */
    public Optional<Map<String, Object>> fetchOptional() throws SQLException {
        List<Map<String, Object>> rows = fetchMaps();
        if (rows.size() > 1) {
            throw new IllegalStateException("the select returned " + rows.size() + " rows, expected at most one");
        }
        return rows.stream().findFirst();
    }

    /**
     * Runs the select; every row mapped by {@code mapper}.
     *
     * @param <T> the type of a mapped row
     * @param mapper maps the current row
     * @return the mapped rows, in the statement's order
     * @throws SQLException when the database reports an error
     */
    public <T> List<T> fetch(RowMapper<T> mapper) throws SQLException {
        Objects.requireNonNull(mapper, "mapper");
        SqlStatement st = statement();
        try (PreparedStatement ps = st.prepare(connection); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }
}
