package dev.hasuraperms.jdbc;

import dev.hasuraperms.internal.sql.SqlTemplate;
import dev.hasuraperms.ir.SessionValues;
import java.util.Objects;

/**
 * A predicate rendered once for one alias: the SQL text and its parameter slots. Binding a session fills the slots
 * (parsing each session value for its type) and allocates nothing else, so it is cheap enough for every request.
 * Immutable and thread-safe.
 */
public final class CompiledPredicate {

    private final SqlTemplate template;
    private final String sql;

    CompiledPredicate(SqlTemplate template, String rootSql) {
        this.template = Objects.requireNonNull(template, "template");
        this.sql = template.toSql(rootSql, true);
    }

    /**
     * The SQL text, with {@code ?} placeholders (and jsonb's {@code ?} operators written {@code ??}, as pgjdbc wants).
     *
     * @return the SQL text; never null
     */
    public String sql() {
        return sql;
    }

    /**
     * Number of parameters.
     *
     * @return how many {@code ?} placeholders the SQL text has
     */
    public int parameterCount() {
        return template.parameterCount();
    }

    /**
     * Fills the parameters from {@code session}.
     *
     * @param session the request's session (its role and session variables)
     * @return the predicate with its values bound; never null
     * @throws dev.hasuraperms.diagnostic.HasuraPermsException when a session variable is missing or invalid
     */
    public SqlPredicate bind(SessionValues session) {
        return new SqlPredicate(sql, template.bind(session), template.parameterTypes());
    }

    SqlTemplate template() {
        return template;
    }

    @Override
    public String toString() {
        return sql;
    }
}
