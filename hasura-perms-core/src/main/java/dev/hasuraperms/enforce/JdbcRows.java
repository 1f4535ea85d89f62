package dev.hasuraperms.enforce;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Result-set rows as column → value maps ({@code getObject} values, in column order), as the evaluator reads them. */
public final class JdbcRows {

    private JdbcRows() {
    }

    /**
     * {@return every remaining row of {@code rs}}
     *
     * @param rs an open result set; never null
     * @throws java.sql.SQLException when reading fails
     */
    public static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                row.put(names[i], rs.getObject(i + 1));
            }
            rows.add(row);
        }
        return rows;
    }
}
