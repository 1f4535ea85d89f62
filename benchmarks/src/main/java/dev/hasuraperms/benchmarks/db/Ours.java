package dev.hasuraperms.benchmarks.db;

import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Our SQL: a host query with the library's select filter put where {@code %P%} stands. */
final class Ours {

    private Ours() {
    }

    static Sql query(JdbcPermissions permissions, QualifiedName table, String alias, Session session, String template) {
        SqlPredicate p = permissions.selectFilter(table, alias, session);
        List<String> types = new ArrayList<>();
        for (PgType t : p.types()) {
            types.add(t.sqlName());
        }
        List<String> args = new ArrayList<>();
        for (Object v : p.values()) {
            args.add(Sql.literal(v));
        }
        return new Sql(template.replace("%P%", p.sql()), types, args, Optional.empty(), Optional.empty());
    }
}
