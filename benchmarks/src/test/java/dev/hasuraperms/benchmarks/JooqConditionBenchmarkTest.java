package dev.hasuraperms.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The jOOQ benchmark measures the queries it claims to: the permission is in the SQL it renders, or not. */
class JooqConditionBenchmarkTest {

    @Test
    void queriesRenderWithAndWithoutThePermission() {
        JooqConditionBenchmark b = new JooqConditionBenchmark();
        b.setUp();
        List<String> sql = b.renderedQueries();
        assertThat(b.buildSimple().toString()).contains("\"e\".\"user_id\" = 2");
        assertThat(b.buildNested().toString()).contains("\"d\".\"project_id\"", "\"public\".\"org_members\"",
                "\"public\".\"document_collaborators\"");
        String events = "select \"e\".\"id\", \"e\".\"user_id\", \"e\".\"type\", \"e\".\"created_at\" from \"public\".\"events\" as \"e\" where ";
        assertThat(sql.get(0)).isEqualTo(sql.get(4)).startsWith(events).doesNotContain("user_id\" =");
        assertThat(sql.get(1)).isEqualTo(sql.get(5)).startsWith(events).contains("(\"e\".\"user_id\" = ?::int4)");
        assertThat(sql.get(2)).isEqualTo(sql.get(6)).doesNotContain("org_members").endsWith(" desc fetch next ? rows only");
        assertThat(sql.get(3)).isEqualTo(sql.get(7)).contains("\"public\".\"org_members\"", "\"public\".\"document_collaborators\"");
        assertThat(sql.get(3).length()).isGreaterThan(sql.get(2).length());
    }
}
