package dev.hasuraperms.jdbc;

import static dev.hasuraperms.jdbc.SecureTesting.ARTICLES;
import static dev.hasuraperms.jdbc.SecureTesting.AUTHORS;
import static dev.hasuraperms.jdbc.SecureTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.CallerFilters;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The binary-search leak of issue 16 and the null / column-comparison refusals of issue 18, through
 * {@link JdbcPermissions#callerFilter} and {@link SecureJdbc}, on the enforcement fixture: role user reads
 * {@code articles(id, author_id, title, is_published, rating, tags)} — not {@code body} — and {@code authors(id,
 * name)} — not {@code is_active}; it may update the {@code title} of its own articles.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerFilterRefusalTest {

    private TestDatabase db;
    private SecureJdbc secure;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        secure = SecureTesting.enforcementFixture(db);
        SecureTesting.resetData(db);
    }

    private List<Object> ids(Session session, QualifiedName table, String where) throws Exception {
        SqlCondition w = secure.permissions().callerFilter(table, "t", session, Json.parse(where));
        try (Connection c = db.connection()) {
            return secure.select(c, session, table).alias("t").columns("id").where(w).orderBy(OrderBy.asc("id"))
                    .fetchMaps().stream().map(r -> r.get("id")).toList();
        }
    }

    private void refused(QualifiedName table, String where, DiagnosticCode code) {
        assertThatThrownBy(() -> ids(user(2), table, where)).as(where)
                .isInstanceOf(CallerFilters.InvalidCallerFilterException.class)
                .satisfies(e -> assertThat(((CallerFilters.InvalidCallerFilterException) e).code()).as(where).isEqualTo(code));
    }

    /**
     * The attack: user 2 owns article 3 and may write its title (text, like the hidden body of article 4). Each
     * probe writes a guess into that title and asks whether it sorts below article 4's body; a working oracle would
     * recover "z" in a few steps. Every shape of the question is refused before any SQL runs.
     */
    @Test
    void aHiddenColumnCannotBeExtractedByBinarySearch() throws Exception {
        List<String> probes = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c += 5) {
            probes.add(String.valueOf(c));
        }
        for (String probe : probes) {
            try (Connection c = db.connection()) {
                secure.update(c, user(2), ARTICLES).set(Map.of("title", probe))
                        .where(secure.permissions().callerFilter(ARTICLES, "articles", user(2), Json.parse("{\"id\": {\"_eq\": 3}}")))
                        .execute();
            }
            for (String op : List.of("_clt", "_cgt", "_clte", "_cgte", "_ceq", "_cne")) {
                // the row of article 3 against the body of article 4, through the author relationship
                refused(ARTICLES, "{\"id\": {\"_eq\": 3}, \"title\": {\"" + op + "\": \"body\"}}",
                        DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON);
                refused(AUTHORS, "{\"articles\": {\"title\": {\"" + op + "\": [\"$\", \"name\"]}}}",
                        DiagnosticCode.CALLER_FILTER_COLUMN_COMPARISON);
            }
            for (String op : List.of("_lt", "_gt", "_lte", "_gte", "_eq", "_neq", "_like", "_ilike", "_similar", "_regex")) {
                String value = op.endsWith("like") || op.equals("_similar") ? probe + "%" : op.endsWith("regex") ? "^" + probe : probe;
                refused(ARTICLES, "{\"id\": {\"_eq\": 4}, \"body\": {\"" + op + "\": \"" + value + "\"}}",
                        DiagnosticCode.COLUMN_NOT_ALLOWED);
                refused(AUTHORS, "{\"articles\": {\"body\": {\"" + op + "\": \"" + value + "\"}}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
                refused(ARTICLES, "{\"author\": {\"articles\": {\"_not\": {\"body\": {\"" + op + "\": \"" + value + "\"}}}}}",
                        DiagnosticCode.COLUMN_NOT_ALLOWED);
            }
            refused(ARTICLES, "{\"body\": {\"_in\": [\"" + probe + "\"]}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
        }
        refused(ARTICLES, "{\"author\": {\"is_active\": {\"_eq\": false}}}", DiagnosticCode.COLUMN_NOT_ALLOWED);
        refused(AUTHORS, "{\"articles_aggregate\": {\"count\": {\"arguments\": [\"body\"], \"predicate\": {\"_gt\": 0}}}}",
                DiagnosticCode.COLUMN_NOT_ALLOWED);
        SecureTesting.resetData(db);
        assertThat(ids(user(2), ARTICLES, "{\"title\": {\"_lt\": \"bob e\"}}")).as("readable columns still filter").containsExactly(2, 3);
    }

    @Test
    void nullValuesAreRefusedAndIsNullMatchesNull() throws Exception {
        for (String where : List.of("{\"rating\": {\"_eq\": null}}", "{\"rating\": {\"_neq\": null}}",
                "{\"rating\": {\"_gt\": null}}", "{\"rating\": {\"_in\": null}}", "{\"rating\": {\"_in\": [4, null]}}",
                "{\"title\": {\"_like\": null}}", "{\"rating\": {\"_is_null\": null}}", "{\"rating\": null}",
                "{\"_and\": null}", "{\"author\": null}", "{\"_or\": [{\"author\": {\"name\": {\"_eq\": null}}}]}")) {
            refused(ARTICLES, where, DiagnosticCode.CALLER_FILTER_NULL_VALUE);
        }
        assertThat(ids(user(2), ARTICLES, "{\"rating\": {\"_is_null\": true}}")).containsExactly(3);
        assertThat(ids(user(2), ARTICLES, "{\"rating\": {\"_is_null\": false}}")).containsExactly(2, 4, 5);
    }

    @Test
    void updateAndDeleteRefuseTheSameFiltersAndWriteNothing() throws Exception {
        SecureTesting.resetData(db);
        for (String where : List.of("{\"rating\": {\"_eq\": null}}", "{\"title\": {\"_cne\": \"body\"}}", "{\"body\": {\"_is_null\": true}}")) {
            assertThatThrownBy(() -> {
                try (Connection c = db.connection()) {
                    secure.delete(c, user(2), ARTICLES)
                            .where(secure.permissions().callerFilter(ARTICLES, "articles", user(2), Json.parse(where))).execute();
                }
            }).as(where).isInstanceOf(CallerFilters.InvalidCallerFilterException.class);
        }
        assertThat(SecureTesting.count(db, "articles")).isEqualTo(5);
    }
}
