package dev.hasuraperms.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.Predicates;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import org.junit.jupiter.api.Test;

/** The benchmark's generated metadata is what it claims to be, and type-checks clean. */
class SyntheticMetadataTest {

    @Test
    void generatedMetadataChecksCleanWithAllFourPermissionsPerRole() {
        SyntheticMetadata s = SyntheticMetadata.generate(50, 20, 42);
        Metadata m = MetadataLoader.defaults().loadJson(s.metadataJson());
        CheckResult r = PermissionChecker.check(m, s.schema());
        assertThat(r.diagnostics()).isEmpty();
        CheckedPermissions p = r.orThrow();
        assertThat(p.tables()).hasSize(50);
        assertThat(p.rules()).hasSize(50 * 20 * 4);
        long withPaths = p.rules().stream().filter(rule -> rule.operation() == dev.hasuraperms.metadata.Operation.DELETE)
                .filter(rule -> Predicates.maxScope(((dev.hasuraperms.check.DeleteRule) rule).filter()) >= 2).count();
        assertThat(withPaths).as("about a fifth of the filters follow 2-3 level paths").isBetween(100L, 300L);
    }

    @Test
    void generationIsDeterministic() {
        assertThat(SyntheticMetadata.generate(5, 3, 7).metadataJson()).isEqualTo(SyntheticMetadata.generate(5, 3, 7).metadataJson());
        assertThat(SyntheticMetadata.generate(5, 3, 7).metadataJson()).isNotEqualTo(SyntheticMetadata.generate(5, 3, 8).metadataJson());
        assertThat(Predicate.Const.TRUE).isNotNull();
    }
}
