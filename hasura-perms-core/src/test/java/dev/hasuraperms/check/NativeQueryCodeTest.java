package dev.hasuraperms.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.check.NativeQueryCode.Placeholder;
import dev.hasuraperms.check.NativeQueryCode.Text;
import org.junit.jupiter.api.Test;

/** {@link NativeQueryCode}: Hasura's placeholder syntax, and what is refused so that an argument is always a parameter. */
class NativeQueryCodeTest {

    @Test
    void placeholdersSplitTheTextAndRepeatedOnesAreOneArgument() {
        NativeQueryCode c = NativeQueryCode.parse("SELECT * FROM t WHERE a > {{min}} AND b < {{max}} OR a = {{min}}");
        assertThat(c.parts()).containsExactly(new Text("SELECT * FROM t WHERE a > "), new Placeholder("min"),
                new Text(" AND b < "), new Placeholder("max"), new Text(" OR a = "), new Placeholder("min"),
                new Text("\n"));
        assertThat(c.arguments()).containsExactly("min", "max");
    }

    @Test
    void trailingBlanksAndSemicolonsAreDroppedAndANewlineEndsTheCodeAsInHasura() {
        assertThat(NativeQueryCode.parse("SELECT 1;;  \n").parts()).containsExactly(new Text("SELECT 1\n"));
        assertThat(NativeQueryCode.parse("SELECT 1 -- done").parts()).containsExactly(new Text("SELECT 1 -- done\n"));
    }

    @Test
    void questionMarksOutsideLiteralsAndCommentsAreEscapedForJdbc() {
        assertThat(NativeQueryCode.parse("SELECT d ? 'k', '?', \"a?\" /* ? */ FROM t -- ?\n").parts())
                .containsExactly(new Text("SELECT d ?? 'k', '?', \"a?\" /* ? */ FROM t -- ?\n"));
        // a single brace and JSON in a literal are text
        assertThat(NativeQueryCode.parse("SELECT '{\"a\": 1}'::jsonb").parts())
                .containsExactly(new Text("SELECT '{\"a\": 1}'::jsonb\n"));
    }

    @Test
    void malformedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT {{a}")).hasMessageContaining("without a matching");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT {{a} }")).hasMessageContaining("without a matching");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT {{ a }}")).hasMessageContaining("GraphQL name");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT {{a-b}}")).hasMessageContaining("GraphQL name");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT '{{a}}'")).hasMessageContaining("string literal");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT 1 -- {{a}}")).hasMessageContaining("comment");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT $x$ {{a}} $x$")).hasMessageContaining("dollar");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT $1")).hasMessageContaining("positional");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT 'abc")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT /* abc")).hasMessageContaining("not closed");
    }

    @Test
    void theCodeCannotEscapeItsParenthesesOrAddAStatement() {
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT * FROM t) AS x WHERE true OR (1 = 1"))
                .hasMessageContaining("closes no '('");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT (1")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> NativeQueryCode.parse("SELECT 1; DELETE FROM t")).hasMessageContaining("one query");
        // in literals, identifiers and comments they are text
        assertThat(NativeQueryCode.parse("SELECT ')', \";(\" -- ; )\n;").parts())
                .containsExactly(new Text("SELECT ')', \";(\" -- ; )\n\n"));
    }
}
