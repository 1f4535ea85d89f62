package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import dev.hasuraperms.types.ValueParseException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTypedValueTest {

    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType INT8 = PgType.builtin("int8");
    private static final PgType TEXT = PgType.builtin("text");
    private static final PgType BOOL = PgType.builtin("bool");
    private static final PgType UUID_TYPE = PgType.builtin("uuid");
    private static final PgType TIMESTAMPTZ = PgType.builtin("timestamptz");
    private static final PgType JSONB = PgType.builtin("jsonb");
    private static final SessionVariable V = SessionVariable.of("x-hasura-v");

    private static Session with(String value) {
        return Session.of("user", Map.of("x-hasura-v", value));
    }

    private static Object typed(String value, PgType type) {
        return with(value).typedValue(V, type);
    }

    @Test
    void int4() {
        assertThat(typed("42", INT4)).isEqualTo(42);
        assertThat(typed(" -7 ", INT4)).isEqualTo(-7);
        assertThat(typed("9000000000", INT8)).isEqualTo(9_000_000_000L);
    }

    @Test
    void uuid() {
        assertThat(typed("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", UUID_TYPE))
                .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThat(typed("{a0eebc999c0b4ef8bb6d6bb9bd380a11}", UUID_TYPE))
                .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "t,true", "TRUE,true", "yes,true", "y,true", "on,true", "1,true", "' tRuE ',true",
        "false,false", "f,false", "no,false", "off,false", "0,false", "FALSE,false"})
    void boolSpellings(String text, boolean expected) {
        assertThat(typed(text, BOOL)).isEqualTo(expected);
    }

    @Test
    void timestamptz() {
        assertThat(typed("2024-05-01 12:30:00+02", TIMESTAMPTZ))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 10, 30, 0, 0, ZoneOffset.UTC));
        assertThat(typed("2024-05-01T12:30:00Z", TIMESTAMPTZ))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 12, 30, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void int4ArraysArePostgresArrayLiterals() {
        PgType ints = INT4.arrayOf();
        assertThat(typed("{1,2,3}", ints)).isEqualTo(List.of(1, 2, 3));
        assertThat(typed("{}", ints)).isEqualTo(List.of());
        assertThat(typed(" { 1 , NULL, null ,\"4\" } ", ints)).isEqualTo(List.of(1, SqlNull.INSTANCE, SqlNull.INSTANCE, 4));
        assertThat(typed("{{1,2},{3,4}}", ints)).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(typed("{Camilla,\"D S,P\"}", TEXT.arrayOf())).isEqualTo(List.of("Camilla", "D S,P"));
    }

    @Test
    void aJsonArrayIsNotAnArrayLiteral() {
        assertThatThrownBy(() -> typed("[1,2,3]", INT4.arrayOf()))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageStartingWith("invalid value for session variable \"x-hasura-v\": expected integer[], found \"[1,2,3]\" (malformed array literal");
        assertThatThrownBy(() -> typed("{1,x}", INT4.arrayOf()))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("array element: invalid input syntax for type integer: \"x\"");
    }

    @Test
    void jsonbForContains() {
        assertThat(typed("[\"a\",\"b\"]", JSONB)).isEqualTo(Json.parse("[\"a\",\"b\"]"));
    }

    @Test
    void textAndEnums() {
        assertThat(typed("anything at all", TEXT)).isEqualTo("anything at all");
        PgType mood = new PgType.Enum(QualifiedName.of("public", "mood"), List.of("happy", "sad"));
        assertThat(typed("sad", mood)).isEqualTo("sad");
        assertThatThrownBy(() -> typed("ok", mood)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("expected public.mood");
    }

    @Test
    void missingNamesTheVariableAsHasuraDoes() {
        Session s = Session.of("user", Map.of());
        assertThatThrownBy(() -> s.typedValue(SessionVariable.of("X-Hasura-User-Id"), INT4))
                .isInstanceOfSatisfying(MissingSessionVariableException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.MISSING_SESSION_VARIABLE);
                    assertThat(e.variable()).isEqualTo(SessionVariable.of("x-hasura-user-id"));
                })
                .hasMessage("missing session variable: \"x-hasura-user-id\"");
        assertThatThrownBy(() -> s.requireVariable(SessionVariable.of("x-hasura-org-id")))
                .isInstanceOf(MissingSessionVariableException.class)
                .hasMessage("missing session variable: \"x-hasura-org-id\"");
    }

    @Test
    void unparsableNamesTheVariableTheValueAndTheType() {
        Session s = Session.of("user", Map.of("X-Hasura-User-Id", "abc"));
        assertThatThrownBy(() -> s.typedValue(SessionVariable.of("x-hasura-user-id"), INT4))
                .isInstanceOfSatisfying(InvalidSessionVariableException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagnosticCode.INVALID_SESSION_VARIABLE);
                    assertThat(e.variable()).isEqualTo(SessionVariable.of("x-hasura-user-id"));
                    assertThat(e.expectedType()).isEqualTo(INT4);
                    assertThat(e.getCause()).isInstanceOf(ValueParseException.class);
                })
                .hasMessage("invalid value for session variable \"x-hasura-user-id\": expected integer, found \"abc\""
                        + " (invalid input syntax for type integer: \"abc\")");
    }

    @Test
    void anEmptyValueIsPresentButNotAnInteger() {
        assertThat(typed("", TEXT)).isEqualTo("");
        assertThatThrownBy(() -> typed("", INT4)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("found \"\"");
    }

    @Test
    void outOfRangeAndBadUuid() {
        assertThatThrownBy(() -> typed("2147483648", INT4)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("out of range for type integer");
        assertThatThrownBy(() -> typed("not-a-uuid", UUID_TYPE)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("expected uuid, found \"not-a-uuid\"");
        assertThatThrownBy(() -> typed("maybe", BOOL)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("expected boolean");
        assertThatThrownBy(() -> typed("yesterday", TIMESTAMPTZ)).isInstanceOf(InvalidSessionVariableException.class)
                .hasMessageContaining("expected timestamp with time zone");
    }

    // ---------------------------------------------------------------------------------------------- hostile values

    private static final int MB = 1 << 20;
    private static final String MEGABYTE = "9".repeat(MB);

    // Megabyte-long digit strings are left out for the numeric types: see megabytesOfDigitsForNumericTypes.
    static Stream<String> hostileValues() {
        return Stream.of("'; DROP TABLE users; --", "1' OR '1'='1", "\\", "\\\\'", "\"", "--", "/* */", "$1", "$$",
                "\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00", "\ud800", "a\u0000b", "\u0000", "\n\r\t", "\u2028",
                "{1,2}); DELETE FROM t; --", "{\"\\\"}", "x".repeat(MB), "'".repeat(MB), "{".repeat(MB), "[".repeat(MB),
                "{" + "1,".repeat(1 << 16) + "x}", "x".repeat(MB) + "\u0000", "\ud83d\ude00".repeat(MB / 2),
                "2024-01-01 " + "x".repeat(MB), "{\"" + "\\".repeat(MB) + "\"}");
    }

    private static final List<PgType> TYPES = List.of(INT4, INT8, PgType.builtin("int2"), PgType.builtin("numeric"),
            PgType.builtin("float8"), PgType.builtin("float4"), BOOL, TEXT, PgType.builtin("varchar"), UUID_TYPE,
            PgType.builtin("date"), PgType.builtin("time"), PgType.builtin("timetz"), PgType.builtin("timestamp"),
            TIMESTAMPTZ, PgType.builtin("interval"), PgType.builtin("json"), JSONB, PgType.builtin("bytea"),
            new PgType.Base(QualifiedName.of("public", "ltree")), new PgType.Base(QualifiedName.of("public", "citext")),
            INT4.arrayOf(), TEXT.arrayOf(), UUID_TYPE.arrayOf(), JSONB.arrayOf(), TIMESTAMPTZ.arrayOf());

    @ParameterizedTest
    @MethodSource("hostileValues")
    void hostileValuesAreJustValues(String value) {
        Session s = Session.of("user", Map.of("X-Hasura-V", value, "x-hasura-other", value));
        assertThat(s.variable(V)).contains(value);
        assertThat(s.toJson().get("x-hasura-v")).contains(JsonString.of(value));
        assertThat(s.toString()).hasSizeLessThan(200);
        Session fromHeaders = Session.fromHeaders(Map.of("x-hasura-role", value.isEmpty() ? "r" : value, "x-hasura-v", value));
        assertThat(fromHeaders.variable(V)).contains(value);
        assertThat(fromHeaders.toString()).hasSizeLessThan(300);
        for (PgType type : TYPES) {
            Object parsed;
            try {
                parsed = s.typedValue(V, type);
            } catch (InvalidSessionVariableException e) {
                assertThat(e.getMessage()).as("%s", type)
                        .hasSizeLessThan(600)
                        .doesNotContain("\n", "\r", "\u0000", "\u2028")
                        .startsWith("invalid value for session variable \"x-hasura-v\": expected " + type.displayName());
                continue;
            }
            assertThat(value).as("%s parsed as %s", type, parsed).doesNotContain("\u0000");
        }
    }

    @Test
    void aNulIsRefusedEvenForTextWithAShortMessage() {
        String value = "x".repeat(1 << 20) + "\u0000";
        assertThatThrownBy(() -> typed(value, TEXT))
                .isInstanceOf(InvalidSessionVariableException.class)
                .hasMessage("invalid value for session variable \"x-hasura-v\": expected text, found \""
                        + "x".repeat(60) + "...\" (1048577 characters) (contains a NUL character, which PostgreSQL cannot store)");
        assertThatThrownBy(() -> typed("a\u0000b", TEXT))
                .hasMessage("invalid value for session variable \"x-hasura-v\": expected text, found \"a\\u0000b\""
                        + " (contains a NUL character, which PostgreSQL cannot store)");
    }

    @Test
    void aMegabyteValueIsAbbreviatedInTheMessage() {
        assertThatThrownBy(() -> typed("x".repeat(MB), INT4))
                .isInstanceOf(InvalidSessionVariableException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300)
                        .contains("found \"" + "x".repeat(60) + "...\" (1048576 characters)"));
        assertThatThrownBy(() -> typed(MEGABYTE, UUID_TYPE))
                .isInstanceOf(InvalidSessionVariableException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300)
                        .startsWith("invalid value for session variable \"x-hasura-v\": expected uuid, found \"999"));
        assertThat(typed(MEGABYTE, TEXT)).isEqualTo(MEGABYTE);
        assertThat(typed("{" + MEGABYTE + "}", TEXT.arrayOf())).isEqualTo(List.of(MEGABYTE));
    }

    /**
     * Core bug, reported rather than worked around here: PgValues.parseText overflows the stack for numeric input
     * of a few thousand digits (valid PostgreSQL numeric input goes up to 131072 digits before the point), and reads
     * megabyte-long digit strings for integers, intervals and fractional seconds very slowly.
     */
    @Test
    void megabytesOfDigitsForNumericTypes() {
        String digits = "9".repeat(1 << 20);
        assertThat(typed("9".repeat(5000), PgType.builtin("numeric")).toString()).hasSize(5000);
        assertThat(typed("1_000." + "0".repeat(5000), PgType.builtin("numeric")).toString()).startsWith("1000.");
        assertThatThrownBy(() -> typed(MEGABYTE, PgType.builtin("numeric")))
                .isInstanceOf(InvalidSessionVariableException.class);
        assertThatThrownBy(() -> typed(digits, PgType.builtin("numeric"))).isInstanceOf(InvalidSessionVariableException.class);
        for (String t : new String[]{"int2", "int4", "int8"}) {
            assertThatThrownBy(() -> typed(digits, PgType.builtin(t))).isInstanceOf(InvalidSessionVariableException.class)
                    .hasMessageContaining("out of range");
            assertThat(typed("0".repeat(1 << 20) + "7", PgType.builtin(t)).toString()).isEqualTo("7");
        }
        assertThatThrownBy(() -> typed("{" + digits + "}", PgType.builtin("int4").arrayOf()))
                .isInstanceOf(InvalidSessionVariableException.class);
        assertThatThrownBy(() -> typed("1 day ".repeat(1 << 17), PgType.builtin("interval")))
                .isInstanceOf(InvalidSessionVariableException.class);
        assertThat(typed("2024-01-01T00:00:00." + "0".repeat(1 << 20) + "Z", PgType.builtin("timestamptz")).toString())
                .isEqualTo("2024-01-01T00:00Z");
        assertThat(typed("12:00:00." + "4".repeat(1 << 20), PgType.builtin("time")).toString()).isEqualTo("12:00:00.444444");
        assertThatThrownBy(() -> typed("0." + "0".repeat(1 << 20) + "1", PgType.builtin("float8")))
                .isInstanceOf(InvalidSessionVariableException.class).hasMessageContaining("out of range");
    }

    @Test
    void quotesAndControlCharactersAreEscapedInMessages() {
        assertThatThrownBy(() -> typed("1'; --\"\\\n", INT4))
                .hasMessageContaining("found \"1'; --\\\"\\\\\\n\"");
        assertThatThrownBy(() -> typed("\ud83d\ude00\ud800", INT4))
                .hasMessageContaining("found \"\ud83d\ude00\\ud800\"");
    }

    @Test
    void hostileNamesAreEscapedAndCutInMessages() {
        SessionVariable longName = SessionVariable.of("x-hasura-" + "n\"".repeat(1 << 19));
        assertThatThrownBy(() -> Session.of("user", Map.of()).typedValue(longName, INT4))
                .isInstanceOf(MissingSessionVariableException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).endsWith("...\""));
    }

    @Test
    void sessionJsonIsWellFormedWhateverTheValues() {
        Session s = Session.of("user", Map.of("x-hasura-a", "\"}', \\", "x-hasura-b", "\u0000\n\ud83d\ude00"));
        JsonObject reparsed = (JsonObject) Json.parse(s.toJson().toJson());
        assertThat(reparsed).isEqualTo(s.toJson());
        assertThat(reparsed.get("x-hasura-a")).contains(JsonString.of("\"}', \\"));
    }
}
