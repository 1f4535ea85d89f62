package dev.hasuraperms.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the current row of a result set to a value ({@link SecureSelect#fetch(RowMapper)}). It reads the row; it does
 * not move the cursor.
 *
 * @param <T> the type of value
 */
@FunctionalInterface
public interface RowMapper<T> {

    /**
     * The value for the current row of {@code rs}.
     *
     * @param rs the result set, positioned on the row to map
     * @return the value for the row
     * @throws SQLException when a column cannot be read
     */
    T map(ResultSet rs) throws SQLException;
}
