package dev.hasuraperms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON-path subset of Hasura's JWT configuration. */
class JwtJsonPathTest {

    private static final JsonValue DOC = Json.parse("{\"a\": {\"b\": [10, {\"c\": \"x\"}], \"n\": null},"
            + " \"https://hasura.io/jwt/claims\": {\"k\": 1}, \"it's\": 2, \"q\\\"\": 3, \"\u00e9t\u00e9\": 4}");

    @Test
    void steps() {
        assertThat(JsonPath.parse("$").find(DOC)).contains(DOC);
        assertThat(JsonPath.parse("$").isRoot()).isTrue();
        assertThat(JsonPath.parse("$.a.b[0]").find(DOC)).contains(JsonNumber.of(10));
        assertThat(JsonPath.parse("$.a.b[1].c").find(DOC)).contains(JsonString.of("x"));
        assertThat(JsonPath.parse("$['a'][\"b\"][1]['c']").find(DOC)).contains(JsonString.of("x"));
        assertThat(JsonPath.parse("$['https://hasura.io/jwt/claims'].k").find(DOC)).contains(JsonNumber.of(1));
        assertThat(JsonPath.parse("$['it\\'s']").find(DOC)).contains(JsonNumber.of(2));
        assertThat(JsonPath.parse("$[\"it's\"]").find(DOC)).contains(JsonNumber.of(2));
        assertThat(JsonPath.parse("$['q\"']").find(DOC)).contains(JsonNumber.of(3));
        assertThat(JsonPath.parse("$.\u00e9t\u00e9").find(DOC)).contains(JsonNumber.of(4));
        assertThat(JsonPath.parse("$.a.n").find(DOC)).contains(JsonNull.INSTANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.x", "$.a.x", "$.a.b[2]", "$.a.b.c", "$.a[0]", "$.a.b[0].c", "$.a.n.x", "$[0]"})
    void stepsThatFindNothing(String path) {
        assertThat(JsonPath.parse(path).find(DOC)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|a path must start with $ at position 0",
        "a.b|a path must start with $ at position 0",
        "$.|a key must follow '.' at position 2",
        "$..a|a key after '.' must be letters, digits, _, - or $ (write other keys as ['...']) at position 2",
        "$.a:b|expected '.' or '[' at position 3",
        "$[|unexpected end after '[' at position 2",
        "$['a'|expected ']' at position 5",
        "$['a|unterminated quoted key at position 4",
        "$[a]|expected a quoted key or an array index after '[' at position 2",
        "$[-1]|expected a quoted key or an array index after '[' at position 2",
        "$[1.5]|expected ']' at position 3",
        "$[*]|expected a quoted key or an array index after '[' at position 2",
        "$[9999999999]|array index too large at position 2",
        "$ .a|expected '.' or '[' at position 1"})
    void invalidPaths(String path, String why) {
        assertThatThrownBy(() -> JsonPath.parse(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON path \"" + path + "\": " + why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "$.a", "$.a.b[0]", "$['https://hasura.io/jwt/claims']", "$['it\\'s']", "$['a b']['\\\\']",
        "$['1a']", "$.a-b_c"})
    void toStringReadsBack(String path) {
        JsonPath p = JsonPath.parse(path);
        assertThat(p.toString()).isEqualTo(path);
        assertThat(JsonPath.parse(p.toString())).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void equivalentSpellingsAreEqual() {
        assertThat(JsonPath.parse("$[\"a\"]['b']")).isEqualTo(JsonPath.parse("$.a.b"));
        assertThat(JsonPath.parse("$[\"a\"]['b']").toString()).isEqualTo("$.a.b");
        assertThat(JsonPath.parse("$.\u00e9").toString()).isEqualTo("$['\u00e9']");
        assertThat(JsonPath.root()).isEqualTo(JsonPath.parse("$"));
    }

    @Test
    void longPathsAreCutInMessages() {
        String path = "$." + "a".repeat(1 << 20) + ":";
        assertThatThrownBy(() -> JsonPath.parse(path))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
