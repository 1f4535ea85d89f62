package dev.hasuraperms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The checks on a caller's condition text: it cannot escape its parentheses, and its placeholders match its values. */
class SqlConditionTest {

    @Test
    void placeholdersAreCountedOutsideLiteralsIdentifiersAndComments() {
        assertThat(SqlCondition.of("e.a = ? AND e.b = '?' AND \"?\" = ? -- ?\n AND /* ? /* ? */ ? */ e.c = ?", 1, 2, 3)
                .values()).containsExactly(1, 2, 3);
        assertThat(SqlCondition.of("e.data ?? 'k' AND e.data ??| ? ", (Object) new String[] {"a"}).values()).hasSize(1);
        assertThat(SqlCondition.of("e.t = $$ ? ) $$ AND e.u = $tag$ it's ( $tag$ AND e.v = ?", 1).values()).hasSize(1);
        assertThat(SqlCondition.of("e.t = E'\\' ? )' AND e.u = ?", 1).values()).hasSize(1);
        assertThat(SqlCondition.of("e.t = 'it''s (' AND e.some$col = ?", 1).values()).hasSize(1);
        assertThat(SqlCondition.of("e.t = ?", (Object) null).values()).isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void textThatCouldEscapeItsParenthesesIsRefused() {
        for (String sql : new String[] {"true) OR (true", ")", "(", "true; SELECT 1", "'unterminated", "\"open",
                "/* open", "/* nested /* */", "$$ open", "$a$ open $b$", "true) --", "   ", "a = E'\\'"}) {
            assertThatThrownBy(() -> SqlCondition.of(sql)).as(sql).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(SqlCondition.of("e.t = ';' AND e.u = ')'").sql()).isEqualTo("e.t = ';' AND e.u = ')'");
    }

    @Test
    void aLineCommentAtTheEndIsClosedByANewline() {
        assertThat(SqlCondition.of("e.a = 1 -- note").enclosedSql()).isEqualTo("e.a = 1 -- note\n");
        assertThat(SqlCondition.of("e.a = 1").enclosedSql()).isEqualTo("e.a = 1");
    }

    @Test
    void placeholdersMustMatchTheValues() {
        assertThatThrownBy(() -> SqlCondition.of("e.a = ? AND e.b = ?", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the condition has 2 placeholders and 1 value");
        assertThatThrownBy(() -> SqlCondition.of("e.a = 1", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
