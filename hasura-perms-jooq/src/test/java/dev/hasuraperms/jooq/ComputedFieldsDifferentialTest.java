package dev.hasuraperms.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.jdbc.OrderBy;
import dev.hasuraperms.jdbc.SecureJdbc;
import dev.hasuraperms.jdbc.SecureSelect;
import dev.hasuraperms.jdbc.SqlCondition;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.testing.postgres.PostgresTest;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Random permissions and reads with computed fields (fixtures/computed-fields' schema, random data), run through the
 * JDBC backend ({@link SecureJdbc}) and the jOOQ backend ({@link SecureDsl}): the same rows, in the same order, with
 * the same values. The permission filters read scalar and table computed fields (with the session argument); the
 * reads select, order by and filter ({@code where} of a client) on computed fields, give input arguments, and run
 * under inherited roles whose computed fields are redacted. Table computed field reads
 * ({@link SecureJdbc#selectComputed}, {@link SecureDsl#selectComputed}) are compared with a select of the target
 * table on the function's condition.
 * The in-memory evaluator cannot run SQL functions itself; with a Java
 * {@link dev.hasuraperms.eval.FunctionResolver} mirroring the fixture's functions it is a third party for the select
 * filters (rows read, and computed values where the role's reads are not redacted).
 *
 * <p>{@code -Dhasuraperms.computedfields.seed=S} replays a run; {@code -Dhasuraperms.computedfields.batches=N}
 * (default 12) scales it.
 */
@PostgresTest
class ComputedFieldsDifferentialTest {

    private static final int BATCHES = Integer.getInteger("hasuraperms.computedfields.batches", 12);
    private static final int READS_PER_ROLE = 20;
    private static final int AUTHORS = 40;
    private static final List<String> TEAMS = List.of("red", "blue", "green");
    private static final List<String> OPTIONAL_COLUMNS = List.of("name", "salary", "team");
    private static final List<String> COMPUTED = List.of("name_len", "yearly_salary", "is_me", "name_with");
    private static final List<String> FILTERABLE = List.of("name_len", "yearly_salary", "is_me");
    private static final QualifiedName AUTHORS_TABLE = QualifiedName.of("authors");
    private static final QualifiedName ARTICLES_TABLE = QualifiedName.of("articles");

    @Test
    void jdbcAndJooqReadTheSameRowsWithComputedFields(TestDatabase db) throws Exception {
        long seed = Long.getLong("hasuraperms.computedfields.seed", new Random().nextLong());
        System.out.println("ComputedFieldsDifferentialTest seed: " + seed
                + " (replay with -Dhasuraperms.computedfields.seed=" + seed + ")");
        Random random = new Random(seed);
        db.execute(Fixtures.read("computed-fields/schema.sql"));
        db.execute(data(random));
        int reads = 0;
        int redactedReads = 0;
        int computedReads = 0;
        int tableFieldReads = 0;
        int nonEmpty = 0;
        int evaluated = 0;
        List<String> failures = new ArrayList<>();
        try (Connection c = db.connection()) {
            DatabaseSchema schema = JdbcSchemaReader.defaults().read(c);
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            List<Map<String, Object>> authorRows = db.query("SELECT * FROM authors ORDER BY id");
            List<Map<String, Object>> articleRows = db.query("SELECT * FROM articles ORDER BY id");
            for (int batch = 0; batch < BATCHES; batch++) {
                String metadata = metadata(random);
                CheckedPermissions checked = PermissionChecker.check(MetadataLoader.defaults().loadJson(metadata), schema)
                        .orThrow();
                SecureJdbc jdbc = SecureJdbc.of(checked);
                SecureDsl jooq = SecureDsl.of(dsl, JooqPermissions.of(checked));
                for (String role : List.of("r0", "r1", "r2", "r3", "r4", "r5", "i0", "i1", "i2")) {
                    SelectRule rule = checked.select(AUTHORS_TABLE, role).orElseThrow();
                    for (int k = 0; k < READS_PER_ROLE; k++) {
                        Session session = Session.of(role, Map.of("X-Hasura-User-Id", Integer.toString(1 + random.nextInt(AUTHORS)),
                                "X-Hasura-Team", TEAMS.get(random.nextInt(TEAMS.size()))));
                        Read read = read(random, rule, checked.select(ARTICLES_TABLE, role).isPresent());
                        String where = read.where.map(JsonValue::toJson).orElse("-");
                        String label = "batch " + batch + " role " + role + " read " + k + " fields " + read.fields
                                + " order " + read.order + " where " + where + " args " + read.args;
                        List<List<String>> a;
                        List<List<String>> b;
                        try {
                            a = viaJdbc(c, jdbc, session, read);
                            b = viaJooq(jooq, session, read);
                        } catch (RuntimeException e) {
                            failures.add(label + ": " + e);
                            continue;
                        }
                        reads++;
                        redactedReads += rule.redactions().isEmpty() ? 0 : 1;
                        computedReads += read.fields.stream().anyMatch(COMPUTED::contains) ? 1 : 0;
                        nonEmpty += a.isEmpty() ? 0 : 1;
                        if (!a.equals(b)) {
                            failures.add(label + ": jdbc " + a + " jooq " + b);
                        }
                    }
                    // The in-memory evaluator (computed fields through a Java FunctionResolver) agrees with PostgreSQL on
                    // which rows the role reads and, without redaction, on the computed values.
                    for (int k = 0; k < 3; k++) {
                        Session session = Session.of(role, Map.of("X-Hasura-User-Id", Integer.toString(1 + random.nextInt(AUTHORS)),
                                "X-Hasura-Team", TEAMS.get(random.nextInt(TEAMS.size()))));
                        String label = "batch " + batch + " role " + role + " evaluator, session " + session;
                        try {
                            List<String> fields = new ArrayList<>(List.of("id"));
                            if (rule.redactions().isEmpty()) {
                                rule.computedFields().stream().filter(FILTERABLE::contains).forEach(fields::add);
                            }
                            List<List<String>> fromDb = new ArrayList<>();
                            for (Map<String, Object> row : jdbc.select(c, session, AUTHORS_TABLE).alias("t").columns(fields)
                                    .orderBy(OrderBy.asc("id")).fetchMaps()) {
                                List<String> values = new ArrayList<>();
                                fields.forEach(f -> values.add(String.valueOf(row.get(f))));
                                fromDb.add(values);
                            }
                            List<List<String>> memory = inMemory(checked, rule, session, fields, authorRows, articleRows);
                            evaluated++;
                            if (!fromDb.equals(memory)) {
                                failures.add(label + ": PostgreSQL " + fromDb + " evaluator " + memory);
                            }
                        } catch (RuntimeException e) {
                            failures.add(label + ": " + e);
                        }
                    }
                    // The rows of the table computed field equal a select of articles on the function's condition.
                    for (int k = 0; k < 3 && checked.select(ARTICLES_TABLE, role).isPresent(); k++) {
                        Session session = Session.of(role, Map.of("X-Hasura-User-Id", Integer.toString(1 + random.nextInt(AUTHORS)),
                                "X-Hasura-Team", TEAMS.get(random.nextInt(TEAMS.size()))));
                        int author = 1 + random.nextInt(AUTHORS);
                        String search = List.of("", "a", "e", "x1").get(random.nextInt(4));
                        String label = "batch " + batch + " role " + role + " table computed field of author " + author
                                + " search '" + search + "'";
                        try {
                            List<Map<String, Object>> got = jdbc.selectComputed(c, session, AUTHORS_TABLE, "articles",
                                            Map.of("search", search)).alias("r").parentAlias("p")
                                    .parentWhere(SqlCondition.of("p.id = ?", author)).columns("id")
                                    .orderBy(OrderBy.asc("id")).fetchMaps();
                            boolean parentVisible = !jdbc.select(c, session, AUTHORS_TABLE).alias("p").columns("id")
                                    .where(SqlCondition.of("p.id = ?", author)).fetchMaps().isEmpty();
                            List<Map<String, Object>> want = !parentVisible ? List.of()
                                    : jdbc.select(c, session, ARTICLES_TABLE).alias("r").columns("id")
                                    .where(SqlCondition.of("r.author_id = ? AND r.title LIKE '%' || ? || '%'", author, search))
                                    .orderBy(OrderBy.asc("id")).fetchMaps();
                            Field<Object> rid = DSL.field(DSL.name("r", "id"));
                            List<Map<String, Object>> viaJooq = new ArrayList<>();
                            for (Record row : jooq.selectComputed(session, DSL.table(DSL.name("public", "authors")).as("p"),
                                            "articles", Map.of("search", search), DSL.table(DSL.name("public", "articles")).as("r"))
                                    .parentWhere(DSL.field(DSL.name("p", "id")).eq(author)).fields(rid).orderBy(rid.asc())
                                    .fetch()) {
                                viaJooq.add(Map.of("id", row.get("id")));
                            }
                            tableFieldReads++;
                            if (!got.equals(want) || !viaJooq.equals(want)) {
                                failures.add(label + ": selectComputed " + got + " jOOQ selectComputed " + viaJooq
                                        + " select " + want);
                            }
                        } catch (RuntimeException e) {
                            failures.add(label + ": " + e);
                        }
                    }
                }
            }
        }
        System.out.println("ComputedFieldsDifferentialTest: " + reads + " reads compared (" + computedReads
                + " with computed fields, " + redactedReads + " under redaction, " + nonEmpty + " non-empty), "
                + tableFieldReads + " table computed field reads, " + evaluated + " evaluator vs PostgreSQL reads, "
                + failures.size() + " disagreements");
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(reads).isEqualTo(BATCHES * 9 * READS_PER_ROLE);
        if (BATCHES >= 12) {
            assertThat(reads).isGreaterThanOrEqualTo(2_000);
        }
        assertThat(computedReads).isGreaterThan(reads / 3);
        assertThat(redactedReads).isGreaterThan(0);
        assertThat(evaluated).isEqualTo(BATCHES * 9 * 3);
        assertThat(nonEmpty).isGreaterThan(reads / 10);
    }

    // ------------------------------------------------------------------------------------------------- reads

    private record Read(List<String> fields, List<String> order, List<Boolean> descending, Optional<JsonValue> where,
                        Map<String, Object> args, Optional<Integer> limit) {
    }

    private static Read read(Random r, SelectRule rule, boolean articlesReadable) {
        List<String> readable = new ArrayList<>(rule.columns());
        readable.addAll(rule.computedFields());
        List<String> fields = new ArrayList<>();
        for (String f : readable) {
            if (r.nextInt(3) > 0) {
                fields.add(f);
            }
        }
        if (fields.isEmpty()) {
            fields.add(readable.get(r.nextInt(readable.size())));
        }
        List<String> order = new ArrayList<>();
        List<Boolean> desc = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            order.add(readable.get(r.nextInt(readable.size())));
            desc.add(r.nextBoolean());
        }
        order.add("id");
        desc.add(r.nextBoolean());
        Map<String, Object> args = new LinkedHashMap<>();
        if (fields.contains("name_with") || order.contains("name_with")) {
            args.put("prefix", List.of("", "Dr. ", "x").get(r.nextInt(3)));
            if (r.nextBoolean()) {
                args.put("suffix", List.of("?", "").get(r.nextInt(2)));
            }
        }
        Optional<JsonValue> where = Optional.empty();
        if (r.nextInt(3) > 0) {
            List<String> filterable = new ArrayList<>(rule.columns());
            rule.computedFields().stream().filter(FILTERABLE::contains).forEach(filterable::add);
            where = Optional.of(Json.parse(filter(r, filterable, articlesReadable, false, 2)));
        }
        Optional<Integer> limit = r.nextInt(3) == 0 ? Optional.of(r.nextInt(8)) : Optional.empty();
        return new Read(fields, order, desc, where, args, limit);
    }

    private static List<List<String>> viaJdbc(Connection c, SecureJdbc secure, Session session, Read read)
            throws java.sql.SQLException {
        SecureSelect s = secure.select(c, session, AUTHORS_TABLE).alias("t").columns(read.fields);
        if (!read.args.isEmpty()) {
            s.arguments("name_with", read.args);
        }
        for (int i = 0; i < read.order.size(); i++) {
            OrderBy o = read.descending.get(i) ? OrderBy.desc(read.order.get(i)).nullsFirst()
                    : OrderBy.asc(read.order.get(i)).nullsLast();
            s.orderBy(o);
        }
        read.limit.ifPresent(s::limit);
        if (read.where.isPresent()) {
            s.where(secure.permissions().callerFilter(AUTHORS_TABLE, "t", session, read.where.get()));
        }
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> row : s.fetchMaps()) {
            List<String> values = new ArrayList<>();
            for (String f : read.fields) {
                values.add(String.valueOf(row.get(f)));
            }
            out.add(values);
        }
        return out;
    }

    private static List<List<String>> viaJooq(SecureDsl secure, Session session, Read read) {
        Table<?> t = DSL.table(DSL.name("public", "authors")).as("t");
        List<Field<?>> fields = new ArrayList<>();
        for (String f : read.fields) {
            fields.add(DSL.field(DSL.name("t", f)));
        }
        dev.hasuraperms.jooq.SecureSelect s = secure.select(session, t).fields(fields);
        if (!read.args.isEmpty()) {
            s = s.arguments("name_with", read.args);
        }
        List<OrderField<?>> order = new ArrayList<>();
        for (int i = 0; i < read.order.size(); i++) {
            Field<Object> f = DSL.field(DSL.name("t", read.order.get(i)));
            SortField<Object> sf = read.descending.get(i) ? f.desc().nullsFirst() : f.asc().nullsLast();
            order.add(sf);
        }
        s = s.orderBy(order.toArray(OrderField[]::new));
        if (read.limit.isPresent()) {
            s = s.limit(read.limit.get());
        }
        if (read.where.isPresent()) {
            Condition w = secure.permissions().callerCondition(t, session, read.where.get());
            s = s.where(w);
        }
        List<List<String>> out = new ArrayList<>();
        for (Record row : s.fetch()) {
            List<String> values = new ArrayList<>();
            for (String f : read.fields) {
                values.add(String.valueOf(row.get(f)));
            }
            out.add(values);
        }
        return out;
    }

    /**
     * The rows (ordered by id) and {@code fields} the in-memory evaluator gives {@code rule}: the select filter on each
     * stored row, computed fields by a Java {@link dev.hasuraperms.eval.FunctionResolver} mirroring the SQL functions.
     */
    private static List<List<String>> inMemory(CheckedPermissions checked, SelectRule rule, Session session,
                                               List<String> fields, List<Map<String, Object>> authors,
                                               List<Map<String, Object>> articles) {
        dev.hasuraperms.eval.FunctionResolver functions = new dev.hasuraperms.eval.FunctionResolver() {
            @Override
            public Object call(QualifiedName function, List<Object> arguments, dev.hasuraperms.types.PgType returnType) {
                dev.hasuraperms.eval.Row a = (dev.hasuraperms.eval.Row) arguments.get(0);
                return switch (function.name()) {
                    case "name_len" -> ((String) a.get("name")).length();
                    case "yearly_salary" -> a.get("salary") instanceof Integer x ? (Object) (x * 12)
                            : dev.hasuraperms.types.SqlNull.INSTANCE;
                    case "is_me" -> Integer.toString((Integer) a.get("id")).equals(((dev.hasuraperms.json.JsonObject)
                            arguments.get(1)).get("x-hasura-user-id").map(v -> ((JsonString) v).value()).orElse(null));
                    default -> throw new IllegalArgumentException(function.toString());
                };
            }

            @Override
            public Iterable<dev.hasuraperms.eval.Row> rows(QualifiedName function, List<Object> arguments,
                                                           QualifiedName returnsTable) {
                Object id = ((dev.hasuraperms.eval.Row) arguments.get(0)).get("id");
                List<dev.hasuraperms.eval.Row> out = new ArrayList<>();
                for (Map<String, Object> r : articles) {
                    if (r.get("author_id").equals(id)) {
                        out.add(dev.hasuraperms.eval.Row.of(r));
                    }
                }
                return out;
            }
        };
        dev.hasuraperms.eval.Evaluator ev = dev.hasuraperms.eval.Evaluator.builder().functions(functions)
                .explanations(false).build();
        dev.hasuraperms.eval.SessionValueSource values = dev.hasuraperms.eval.SessionValueSource.of(session,
                checked.schema().serverMajorVersion());
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> raw : authors) {
            dev.hasuraperms.eval.Row row = dev.hasuraperms.eval.Row.of(raw);
            if (ev.evaluate(rule.filter(), AUTHORS_TABLE, row, values).result() != dev.hasuraperms.ir.TriBool.TRUE) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String f : fields) {
                Object v = switch (f) {
                    case "id" -> raw.get("id");
                    case "name_len" -> ((String) raw.get("name")).length();
                    case "yearly_salary" -> raw.get("salary") == null ? null : (Integer) raw.get("salary") * 12;
                    default -> Integer.toString((Integer) raw.get("id")).equals(session.toJson().get("x-hasura-user-id")
                            .map(x -> ((JsonString) x).value()).orElse(null));
                };
                cells.add(String.valueOf(v));
            }
            out.add(cells);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------- permissions, data

    private static String metadata(Random r) {
        StringBuilder authors = new StringBuilder();
        StringBuilder articles = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            List<String> columns = new ArrayList<>(List.of("id"));
            OPTIONAL_COLUMNS.stream().filter(x -> r.nextBoolean()).forEach(columns::add);
            List<String> computed = new ArrayList<>();
            COMPUTED.stream().filter(x -> r.nextInt(3) > 0).forEach(computed::add);
            List<String> all = new ArrayList<>(List.of("id", "name", "salary", "team"));
            all.addAll(FILTERABLE);
            authors.append(i == 0 ? "" : ",").append("{\"role\": \"r").append(i).append("\", \"permission\": {\"columns\": ")
                    .append(strings(columns)).append(", \"computed_fields\": ").append(strings(computed))
                    .append(", \"filter\": ").append(filter(r, all, true, true, 2)).append("}}");
            if (i != 5) {
                articles.append(i == 0 ? "" : ",").append("{\"role\": \"r").append(i).append("\", \"permission\": {")
                        .append("\"columns\": [\"id\", \"author_id\", \"title\"], \"filter\": ")
                        .append(articleFilter(r)).append("}}");
            }
        }
        return "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": ["
                + "{\"table\": {\"schema\": \"public\", \"name\": \"authors\"}, \"computed_fields\": ["
                + "{\"name\": \"name_len\", \"definition\": {\"function\": {\"schema\": \"public\", \"name\": \"name_len\"}}},"
                + "{\"name\": \"yearly_salary\", \"definition\": {\"function\": {\"schema\": \"public\", \"name\": \"yearly_salary\"}}},"
                + "{\"name\": \"is_me\", \"definition\": {\"function\": {\"schema\": \"public\", \"name\": \"is_me\"}, \"session_argument\": \"hasura_session\"}},"
                + "{\"name\": \"name_with\", \"definition\": {\"function\": {\"schema\": \"public\", \"name\": \"name_with\"}, \"table_argument\": \"a\"}},"
                + "{\"name\": \"articles\", \"definition\": {\"function\": {\"schema\": \"public\", \"name\": \"author_articles\"}, \"session_argument\": \"hasura_session\"}}"
                + "], \"select_permissions\": [" + authors + "]},"
                + "{\"table\": {\"schema\": \"public\", \"name\": \"articles\"}, \"select_permissions\": [" + articles + "]}"
                + "]}], \"inherited_roles\": ["
                + "{\"role_name\": \"i0\", \"role_set\": [\"r0\", \"r1\"]},"
                + "{\"role_name\": \"i1\", \"role_set\": [\"r2\", \"r3\"]},"
                + "{\"role_name\": \"i2\", \"role_set\": [\"r4\", \"r5\"]}]}";
    }

    /**
     * A random boolean expression over {@code fields} of authors (columns and filterable computed fields), the table
     * computed field {@code articles} when {@code articles}, session variables when {@code session}.
     */
    private static String filter(Random r, List<String> fields, boolean articles, boolean session, int depth) {
        int pick = r.nextInt(depth > 0 ? 10 : 7);
        if (pick >= 7) {
            List<String> parts = new ArrayList<>();
            for (int i = 1 + r.nextInt(2); i > 0; i--) {
                parts.add(filter(r, fields, articles, session, depth - 1));
            }
            return switch (pick) {
                case 7 -> "{\"_and\": [" + String.join(",", parts) + "]}";
                case 8 -> "{\"_or\": [" + String.join(",", parts) + "]}";
                default -> "{\"_not\": " + parts.get(0) + "}";
            };
        }
        if (pick == 6 && articles) {
            return "{\"articles\": {\"id\": {\"_gt\": " + r.nextInt(80) + "}}}";
        }
        String f = fields.get(r.nextInt(fields.size()));
        return switch (f) {
            case "id" -> session && r.nextInt(3) == 0 ? "{\"id\": {\"_eq\": \"X-Hasura-User-Id\"}}"
                    : "{\"id\": {\"" + op(r) + "\": " + r.nextInt(AUTHORS + 2) + "}}";
            case "name" -> "{\"name\": {\"_ilike\": \"%" + (char) ('a' + r.nextInt(6)) + "%\"}}";
            case "salary" -> r.nextInt(4) == 0 ? "{\"salary\": {\"_is_null\": " + r.nextBoolean() + "}}"
                    : "{\"salary\": {\"" + op(r) + "\": " + r.nextInt(5000) + "}}";
            case "team" -> session && r.nextBoolean() ? "{\"team\": {\"_eq\": \"X-Hasura-Team\"}}"
                    : "{\"team\": {\"_in\": [" + JsonString.of(TEAMS.get(r.nextInt(3))).toJson() + "]}}";
            case "name_len" -> "{\"name_len\": {\"" + op(r) + "\": " + r.nextInt(13) + "}}";
            case "yearly_salary" -> r.nextInt(4) == 0 ? "{\"yearly_salary\": {\"_is_null\": " + r.nextBoolean() + "}}"
                    : "{\"yearly_salary\": {\"" + op(r) + "\": " + r.nextInt(60000) + "}}";
            default -> "{\"is_me\": {\"_eq\": " + r.nextBoolean() + "}}";
        };
    }

    private static String articleFilter(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "{}";
            case 1 -> "{\"published\": {\"_eq\": true}}";
            case 2 -> "{\"_or\": [{\"published\": {\"_eq\": true}}, {\"author_id\": {\"_eq\": \"X-Hasura-User-Id\"}}]}";
            default -> "{\"id\": {\"_gt\": " + r.nextInt(80) + "}}";
        };
    }

    private static String op(Random r) {
        return List.of("_eq", "_neq", "_gt", "_lt", "_gte", "_lte").get(r.nextInt(6));
    }

    private static String strings(List<String> s) {
        return "[" + String.join(",", s.stream().map(x -> JsonString.of(x).toJson()).toList()) + "]";
    }

    private static String data(Random r) {
        StringBuilder sql = new StringBuilder("INSERT INTO authors (id, name, salary, team) VALUES ");
        for (int i = 1; i <= AUTHORS; i++) {
            StringBuilder name = new StringBuilder();
            for (int k = 1 + r.nextInt(12); k > 0; k--) {
                name.append((char) ((r.nextBoolean() ? 'a' : 'A') + r.nextInt(8)));
            }
            sql.append(i == 1 ? "" : ", ").append('(').append(i).append(", '").append(name).append("', ")
                    .append(r.nextInt(5) == 0 ? "NULL" : Integer.toString(r.nextInt(5000))).append(", '")
                    .append(TEAMS.get(r.nextInt(3))).append("')");
        }
        sql.append(";\nINSERT INTO articles (id, author_id, title, published) VALUES ");
        for (int i = 1; i <= 80; i++) {
            sql.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(1 + r.nextInt(AUTHORS)).append(", '")
                    .append(List.of("alpha", "beta", "gamma", "x1 delta").get(r.nextInt(4))).append(' ').append(i)
                    .append("', ").append(r.nextBoolean()).append(')');
        }
        return sql.append(";\n").toString();
    }
}
