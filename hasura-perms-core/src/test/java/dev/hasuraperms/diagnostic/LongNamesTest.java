package dev.hasuraperms.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.enforce.ColumnNotAllowedException;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.metadata.Operation;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.SchemaSnapshot;
import org.junit.jupiter.api.Test;

/** A 1 MB name costs about 120 characters per mention in a message, never the whole name. */
class LongNamesTest {

    private static final String HUGE = "c".repeat(1 << 20);

    @Test
    void boundCutsLongNamesWithTheirLengthAndKeepsShortTextUnchanged() {
        String msg = "column \"" + HUGE + "\" of table t (" + HUGE + ")";
        String b = Diagnostic.bound(msg);
        assertThat(b).isEqualTo("column \"" + "c".repeat(100) + "\u2026(1048576 characters)\" of table t ("
                + "c".repeat(100) + "\u2026(1048576 characters))");
        String normal = "column \"" + "x".repeat(200) + "\" of \"public\".\"t\" is not allowed (at $.a[0])";
        assertThat(Diagnostic.bound(normal)).isSameAs(normal);
        // a name made of many short words is bounded by the message limit
        String words = "x ".repeat(500_000);
        assertThat(Diagnostic.bound(words)).hasSizeLessThan(Diagnostic.MAX_MESSAGE + 100)
                .contains("characters cut");
        // code points: a name of emoji is not cut inside a surrogate pair
        String emoji = "\uD83D\uDE00".repeat(300);
        assertThat(Diagnostic.bound(emoji)).startsWith("\uD83D\uDE00".repeat(100) + "\u2026(600 characters)");
    }

    @Test
    void diagnosticsOfAMetadataWithAHugeColumnNameAreBounded() {
        String json = "{\"version\": 3, \"sources\": [{\"name\": \"default\", \"kind\": \"postgres\", \"tables\": [{\"table\": "
                + "{\"schema\": \"public\", \"name\": \"t" + HUGE + "\"}, \"select_permissions\": [{\"role\": \"r" + HUGE
                + "\", \"permission\": {\"columns\": [\"" + HUGE + "\"], \"filter\": {\"" + "k".repeat(40_000) + "\": {\"_eq\": 1}}}}]}]}]}";
        LoadResult loaded = MetadataLoader.defaults().tryLoadJson(json, "big.json");
        CheckResult r = PermissionChecker.check(loaded.orThrow(), SchemaSnapshot.read(
                "{\"format\": \"hasura-perms-schema\", \"version\": 1, \"tables\": []}"));
        assertThat(r.errors()).isNotEmpty();
        for (Diagnostic d : r.diagnostics()) {
            assertThat(d.message()).hasSizeLessThan(2_000);
            assertThat(d.jsonPath().length() + d.render().length()).isLessThan(4_000);
        }
        assertThat(r.diagnostics()).anySatisfy(d -> assertThat(d.message()).contains("characters)"));
        DiagnosticException e = org.assertj.core.api.Assertions.catchThrowableOfType(DiagnosticException.class,
                r::orThrow);
        assertThat(e.getMessage()).hasSizeLessThan(2_000 * (r.diagnostics().size() + 1));
    }

    @Test
    void exceptionMessagesBoundNames() {
        ColumnNotAllowedException e = new ColumnNotAllowedException("r" + HUGE, QualifiedName.of("public", "t" + HUGE),
                Operation.INSERT, HUGE, "is not in the role's columns");
        assertThat(e.getMessage()).hasSizeLessThan(1_000).contains("1048577 characters").contains("is not in the role's columns");
    }
}
