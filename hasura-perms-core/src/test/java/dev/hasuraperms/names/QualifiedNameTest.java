package dev.hasuraperms.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.boolexp.BoolExpParser;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualifiedNameTest {

    @Test
    void aDottedSingleNameIsRefusedAndPointsToParse() {
        assertThatThrownBy(() -> QualifiedName.of("public.events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QualifiedName.parse(\"public.events\")")
                .hasMessageContaining("QualifiedName.of(\"public\", \"public.events\")");
    }

    @Test
    void aNullSingleNameNamesTheParameter() {
        assertThatThrownBy(() -> QualifiedName.of((String) null))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    void parseAndTheTwoArgumentFormSayWhatIsMeant() {
        assertThat(QualifiedName.parse("public.events")).isEqualTo(new QualifiedName("public", "events"));
        assertThat(QualifiedName.of("events")).isEqualTo(new QualifiedName("public", "events"));
        assertThat(QualifiedName.of("public", "a.b").name()).isEqualTo("a.b");
        assertThat(QualifiedName.parse("\"a.b\"")).isEqualTo(new QualifiedName("public", "a.b"));
        assertThat(QualifiedName.parse(QualifiedName.of("public", "a.b").toString()))
                .isEqualTo(QualifiedName.of("public", "a.b"));
    }

    @Test
    void aMetadataStringTableNameWithADotIsATableInPublicNamedWithTheDot() {
        // Hasura: a table given as a string is that table in schema public, whatever its characters
        List<Diagnostic> errors = new ArrayList<>();
        assertThat(BoolExpParser.tableName(Json.parse("\"a.b\""), errors))
                .contains(QualifiedName.of("public", "a.b"));
        assertThat(errors).isEmpty();
    }
}
