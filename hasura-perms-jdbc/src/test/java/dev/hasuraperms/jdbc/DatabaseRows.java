package dev.hasuraperms.jdbc;

import dev.hasuraperms.eval.RelationResolver;
import dev.hasuraperms.eval.Row;
import dev.hasuraperms.names.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tables read with pgjdbc's getObject, as evaluator rows (what a host holding JDBC results would pass). */
public final class DatabaseRows {

    private DatabaseRows() {
    }

    public static Map<QualifiedName, List<Map<String, Object>>> read(Connection c, List<QualifiedName> tables) throws Exception {
        Map<QualifiedName, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (QualifiedName t : tables) {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + t.toSql() + " ORDER BY 1")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            out.put(t, rows);
        }
        return out;
    }

    public static RelationResolver resolver(Map<QualifiedName, List<Map<String, Object>>> tables) {
        Map<QualifiedName, Collection<Row>> m = new HashMap<>();
        tables.forEach((t, rows) -> m.put(t, rows.stream().map(Row::of).toList()));
        return RelationResolver.of(m);
    }
}
