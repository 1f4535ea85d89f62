package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.count;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.DiagnosticException;
import dev.hasuraperms.enforce.InvalidColumnValueException;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 through the JDBC module: numbers such as {@code 1e100000000} and lone surrogates in caller filters and
 * written values are typed refusals before any SQL runs (they used to hang for minutes, throw ArithmeticException or
 * reach the database altered). The timeout only guards against a hang.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureHostileNumbersTest {

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
        SecureTesting.resetData(db);
    }

    @Test
    void callerFiltersWithHugeNumbersOrLoneSurrogatesAreRefused() {
        for (String where : new String[] {"{\"rating\": {\"_gt\": 1e100000000}}", "{\"rating\": {\"_gt\": -1e999999999}}",
            "{\"title\": {\"_eq\": \"\\ud800\"}}", "{\"tags\": {\"_contains\": [\"\\udc00\"]}}"}) {
            assertThatThrownBy(() -> secure.permissions().callerFilter(ARTICLES, "a", user(2), Json.parse(where)))
                    .as(where).isInstanceOfSatisfying(CallerFilters.InvalidCallerFilterException.class,
                            e -> assertThat(e.code()).isEqualTo(DiagnosticCode.LITERAL_TYPE_MISMATCH));
        }
        assertThatThrownBy(() -> Json.parse("{\"rating\": {\"_gt\": 1e-2147483648}}"))
                .isInstanceOf(DiagnosticException.class);
    }

    @Test
    void writtenHugeNumbersAndLoneSurrogatesAreInvalidColumnValuesAndNothingIsWritten() throws Exception {
        int before = count(db, "articles");
        Object[][] rows = {
            {"rating", new BigDecimal("1e100000000")},
            {"rating", new BigDecimal("-1e999999999")},
            {"rating", Json.parse("1e999999999")},
            {"rating", "1e100000000"},
            {"title", "t\ud800"},
            {"body", Json.parse("\"\\udc00\"")},
        };
        try (Connection c = db.connection()) {
            for (Object[] r : rows) {
                Map<String, Object> row = new java.util.HashMap<>(Map.of("author_id", 1, "title", "hostile"));
                row.put((String) r[0], r[1]);
                assertThatThrownBy(() -> secure.insert(c, user(1), ARTICLES).values(row).execute())
                        .as("%s = %s", r[0], r[1]).isInstanceOf(InvalidColumnValueException.class)
                        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
                assertThatThrownBy(() -> secure.update(c, user(1), ARTICLES).set((String) r[0], r[1]).execute())
                        .as("update %s = %s", r[0], r[1]).isInstanceOf(InvalidColumnValueException.class);
            }
        }
        assertThat(count(db, "articles")).isEqualTo(before);
    }
}
