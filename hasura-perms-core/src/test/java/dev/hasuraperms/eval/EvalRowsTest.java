package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.BOOL;
import static dev.hasuraperms.eval.EvalSupport.BPCHAR;
import static dev.hasuraperms.eval.EvalSupport.BYTEA;
import static dev.hasuraperms.eval.EvalSupport.DATE;
import static dev.hasuraperms.eval.EvalSupport.FLOAT4;
import static dev.hasuraperms.eval.EvalSupport.INT2;
import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.INT8;
import static dev.hasuraperms.eval.EvalSupport.INTERVAL;
import static dev.hasuraperms.eval.EvalSupport.JSONB;
import static dev.hasuraperms.eval.EvalSupport.LTREE;
import static dev.hasuraperms.eval.EvalSupport.MOOD;
import static dev.hasuraperms.eval.EvalSupport.NUMERIC;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.TIME;
import static dev.hasuraperms.eval.EvalSupport.TIMESTAMP;
import static dev.hasuraperms.eval.EvalSupport.TIMESTAMPTZ;
import static dev.hasuraperms.eval.EvalSupport.TIMETZ;
import static dev.hasuraperms.eval.EvalSupport.UUID;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.eval;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.row;
import static dev.hasuraperms.eval.EvalSupport.sv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows from maps, records and beans, and every input form of values (JDBC types, text). */
class EvalRowsTest {

    /** Stands in for pgjdbc's PGobject: its toString() is the PostgreSQL text. */
    static final class FakePgObject {
        private final String value;

        FakePgObject(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    static java.sql.Array sqlArray(Object[] elements) {
        return (java.sql.Array) java.lang.reflect.Proxy.newProxyInstance(EvalRowsTest.class.getClassLoader(),
                new Class<?>[] {java.sql.Array.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                        return elements;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** (type, input value, canonical text it must equal). */
    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of(INT2, (short) 3, "3"), Arguments.of(INT2, 3, "3"), Arguments.of(INT2, "3", "3"),
                Arguments.of(INT4, 7L, "7"), Arguments.of(INT4, new BigDecimal("7.00"), "7"),
                Arguments.of(INT8, BigInteger.valueOf(Long.MAX_VALUE), "9223372036854775807"),
                Arguments.of(INT8, new FakePgObject("42"), "42"),
                Arguments.of(NUMERIC, 5, "5"), Arguments.of(NUMERIC, 0.5d, "0.5"), Arguments.of(NUMERIC, "1e3", "1000"),
                Arguments.of(FLOAT4, 1.5d, "1.5"), Arguments.of(FLOAT4, "NaN", "NaN"),
                Arguments.of(BOOL, "t", "true"), Arguments.of(BOOL, true, "on"),
                Arguments.of(TEXT, new StringBuilder("abc"), "abc"), Arguments.of(TEXT, 'x', "x"),
                Arguments.of(BPCHAR, "ab   ", "ab"),
                Arguments.of(UUID, java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                        "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
                Arguments.of(UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"),
                Arguments.of(DATE, java.sql.Date.valueOf("2024-05-01"), "2024-05-01"),
                Arguments.of(DATE, LocalDate.of(2024, 5, 1), "2024-05-01"),
                Arguments.of(TIME, LocalTime.of(12, 30, 1, 500_000_000), "12:30:01.5"),
                Arguments.of(TIME, java.sql.Time.valueOf("12:30:01"), "12:30:01"),
                Arguments.of(TIMETZ, OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(2)), "12:00:00+02"),
                Arguments.of(TIMESTAMP, java.sql.Timestamp.valueOf("2024-05-01 12:30:00.123456"), "2024-05-01 12:30:00.123456"),
                Arguments.of(TIMESTAMP, LocalDateTime.of(2024, 5, 1, 12, 30), "2024-05-01T12:30"),
                Arguments.of(TIMESTAMPTZ, OffsetDateTime.of(2024, 5, 1, 14, 30, 0, 0, ZoneOffset.ofHours(2)),
                        "2024-05-01 12:30:00Z"),
                Arguments.of(TIMESTAMPTZ, Instant.parse("2024-05-01T12:30:00Z"), "2024-05-01 12:30:00+00"),
                Arguments.of(TIMESTAMPTZ, ZonedDateTime.of(2024, 5, 1, 14, 30, 0, 0, ZoneId.of("Europe/Paris")),
                        "2024-05-01 12:30:00Z"),
                Arguments.of(TIMESTAMPTZ, java.sql.Timestamp.from(Instant.parse("2024-05-01T12:30:00Z")),
                        "2024-05-01 12:30:00Z"),
                Arguments.of(INTERVAL, new FakePgObject("0 years 1 mons 2 days 3 hours 4 mins 5.5 secs"),
                        "1 mon 2 days 03:04:05.5"),
                Arguments.of(INTERVAL, java.time.Duration.ofHours(25), "25:00:00"),
                Arguments.of(JSONB, new FakePgObject("{\"a\": [1, 2]}"), "{\"a\":[1,2]}"),
                Arguments.of(MOOD, new FakePgObject("ok"), "ok"),
                Arguments.of(LTREE, "a.b", "a.b"),
                Arguments.of(BYTEA, new byte[] {0x41, (byte) 0xff}, "\\x41ff"),
                Arguments.of(INT4.arrayOf(), List.of(1, 2), "{1,2}"),
                Arguments.of(INT4.arrayOf(), new int[] {1, 2}, "{1,2}"),
                Arguments.of(INT4.arrayOf(), new Integer[] {1, null}, "{1,NULL}"),
                Arguments.of(INT4.arrayOf(), new Integer[][] {{1, 2}, {3, 4}}, "{{1,2},{3,4}}"),
                Arguments.of(INT4.arrayOf(), sqlArray(new Integer[] {1, 2}), "{1,2}"),
                Arguments.of(TEXT.arrayOf(), new FakePgObject("{a,\"b c\"}"), "{a,\"b c\"}"),
                Arguments.of(BYTEA.arrayOf(), List.of(new byte[] {1}), "{\"\\\\x01\"}"));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("inputs")
    void valuesAreNormalisedForTheirType(PgType type, Object input, String text) {
        Predicate p = cmp(CompareOp.EQ, col("v", type), lit(type, text));
        assertThat(eval(p, row("v", input))).isEqualTo(TriBool.TRUE);
    }

    @Test
    void invalidValuesAreRefusedWithTheColumnAndType() {
        Predicate p = cmp(CompareOp.EQ, col("user_id", INT4), lit(INT4, "1"));
        assertThatThrownBy(() -> eval(p, row("user_id", "abc")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("cannot read user_id as integer: invalid input syntax for type integer: \"abc\"")
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.INVALID_ROW_VALUE));
        assertThatThrownBy(() -> eval(p, row("user_id", 1L << 40)))
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.INVALID_ROW_VALUE));
        Predicate m = cmp(CompareOp.EQ, col("m", MOOD), lit(MOOD, "ok"));
        assertThatThrownBy(() -> eval(m, row("m", "angry")))
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.INVALID_ROW_VALUE));
    }

    @Test
    void anAbsentColumnIsAnErrorAndANullValueIsSqlNull() {
        Predicate p = cmp(CompareOp.EQ, col("user_id", INT4), lit(INT4, "1"));
        assertThatThrownBy(() -> eval(p, row("id", 1, "title", "x")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("the row has no column user_id (it has [id, title])")
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.MISSING_ROW_COLUMN));
        assertThat(eval(p, row("user_id", null))).isEqualTo(TriBool.UNKNOWN);
    }

    public record Article(int id, Integer userId, String title) {
    }

    public static final class Bean {
        public int getId() {
            return 4;
        }

        public boolean isPublished() {
            return true;
        }

        public String getOwnerName() {
            return "ann";
        }
    }

    @Test
    void recordsAndBeansAreReadByPropertyWithSnakeCaseColumns() {
        Row r = Row.of(new Article(1, null, "t"));
        assertThat(eval(cmp(CompareOp.EQ, col("id", INT4), lit(INT4, "1")), r)).isEqualTo(TriBool.TRUE);
        assertThat(eval(new Predicate.IsNull(col("user_id", INT4), false), r)).isEqualTo(TriBool.TRUE);
        Row b = Row.of(new Bean());
        assertThat(eval(cmp(CompareOp.EQ, col("id", INT4), lit(INT4, "4")), b)).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.EQ, col("published", BOOL), litValue(BOOL, true)), b)).isEqualTo(TriBool.TRUE);
        assertThat(eval(cmp(CompareOp.EQ, col("owner_name", TEXT), litValue(TEXT, "ann")), b)).isEqualTo(TriBool.TRUE);
        Object asObject = Map.of("id", 9);
        assertThat(eval(cmp(CompareOp.EQ, col("id", INT4), lit(INT4, "9")), Row.of(asObject))).isEqualTo(TriBool.TRUE);
    }

    @Test
    void sessionValuesAreReadThroughTheSourceAsParsedValuesOrText() {
        Predicate p = cmp(CompareOp.EQ, col("user_id", INT4), sv("x-hasura-user-id", INT4));
        assertThat(EvalSupport.EV.evaluate(p, row("user_id", 3), EvalSupport.session(Map.of("x-hasura-user-id", 3)))
                .result()).isEqualTo(TriBool.TRUE);
        assertThat(EvalSupport.EV.evaluate(p, row("user_id", 3), EvalSupport.session(Map.of("x-hasura-user-id", "3")))
                .result()).isEqualTo(TriBool.TRUE);
        Predicate in = cmp(CompareOp.IN, col("user_id", INT4), sv("x-hasura-allowed-ids", INT4.arrayOf()));
        assertThat(EvalSupport.EV.evaluate(in, row("user_id", 3), EvalSupport.session(Map.of("x-hasura-allowed-ids",
                "{1,2,3}"))).result()).isEqualTo(TriBool.TRUE);
        assertThatThrownBy(() -> EvalSupport.EV.evaluate(p, row("user_id", 3), SessionValueSource.none()))
                .isInstanceOf(EvaluationException.class);
    }

    @Test
    void aBoundSessionIsASessionValueSource() {
        dev.hasuraperms.session.Session s = dev.hasuraperms.session.Session.of("user",
                Map.of("x-hasura-user-id", "3", "x-hasura-allowed-ids", "{1,2,3}"));
        Predicate p = cmp(CompareOp.EQ, col("user_id", INT4), sv("x-hasura-user-id", INT4));
        assertThat(EvalSupport.EV.evaluate(p, row("user_id", 3), SessionValueSource.of(s)).result()).isEqualTo(TriBool.TRUE);
        Predicate in = cmp(CompareOp.IN, col("user_id", INT4), sv("x-hasura-allowed-ids", INT4.arrayOf()));
        assertThat(EvalSupport.EV.evaluate(in, row("user_id", 4), SessionValueSource.of(s)).result()).isEqualTo(TriBool.FALSE);
        Predicate missing = cmp(CompareOp.EQ, col("user_id", INT4), sv("x-hasura-org-id", INT4));
        assertThatThrownBy(() -> EvalSupport.EV.evaluate(missing, row("user_id", 3), SessionValueSource.of(s)))
                .isInstanceOf(dev.hasuraperms.diagnostic.HasuraPermsException.class)
                .satisfies(e -> assertThat(((dev.hasuraperms.diagnostic.HasuraPermsException) e).code())
                        .isEqualTo(DiagnosticCode.MISSING_SESSION_VARIABLE));
    }
}
