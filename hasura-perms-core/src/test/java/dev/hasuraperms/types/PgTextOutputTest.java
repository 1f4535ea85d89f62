package dev.hasuraperms.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link PgText#output} is what PostgreSQL itself prints (DateStyle ISO, IntervalStyle postgres, TimeZone UTC). */
@PostgresTest
class PgTextOutputTest {

    private static final String[][] CASES = {
            {"date", "2024-05-01"}, {"date", "0099-12-31"}, {"date", "12345-01-02"},
            {"time", "10:00"}, {"time", "23:59:59.5"}, {"time", "00:00:00.000001"}, {"time", "07:08:09.120"},
            {"timetz", "10:00+02"}, {"timetz", "10:00:01.25-05:30"}, {"timetz", "10:00Z"},
            {"timestamp", "2024-05-01 10:00"}, {"timestamp", "2024-05-01T10:00:00.123456"},
            {"timestamptz", "2024-05-01T12:00:00+02:00"}, {"timestamptz", "2024-05-01 10:00:00.5Z"},
            {"timestamptz", "1999-12-31 23:30-01"},
            {"interval", "1 day"}, {"interval", "2 days 3 hours"}, {"interval", "1 year 2 months"},
            {"interval", "13 months 1 day 00:00:00.5"}, {"interval", "-1 day 02:00"}, {"interval", "1 day -02:00"},
            {"interval", "-1 year -2 months"}, {"interval", "-1 year 2 months -3 days 04:05:06.789"},
            {"interval", "100 hours"}, {"interval", "P1M2DT0.000003S"}, {"interval", "-00:00:01"}, {"interval", "0 days"},
    };

    @Test
    void dateTimeAndIntervalOutputMatchesPostgres(TestDatabase db) throws SQLException {
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'");
            }
            for (String[] k : CASES) {
                String expected;
                try (PreparedStatement p = c.prepareStatement("select cast(cast(? as text) as " + k[0] + ")::text")) {
                    p.setString(1, k[1]);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        expected = r.getString(1);
                    }
                }
                Object value = PgValues.parseText(PgType.builtin(k[0]), k[1]);
                assertThat(PgText.output(value)).as(k[0] + " " + k[1]).isEqualTo(expected);
            }
        }
    }

    @Test
    void otherValuesKeepTheirText() {
        assertThat(PgText.output(true)).isEqualTo("t");
        assertThat(PgText.output("x")).isEqualTo("x");
        assertThat(PgText.output(new PgInterval(0, 0, Long.MIN_VALUE))).startsWith("-2562047788:00:54.775808");
    }
}
