package dev.hasuraperms.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendOptionsTest {

    @Test
    void theDefaultOptimizesAndKeepsTenThousandPredicates() {
        assertThat(BackendOptions.DEFAULT.optimize()).isTrue();
        assertThat(BackendOptions.DEFAULT.cacheSize()).isEqualTo(10_000);
    }

    @Test
    void withersChangeOneComponent() {
        BackendOptions o = BackendOptions.DEFAULT.withOptimize(false).withCacheSize(5);
        assertThat(o).isEqualTo(new BackendOptions(false, 5));
        assertThat(o.withOptimize(true)).isEqualTo(new BackendOptions(true, 5));
        assertThat(BackendOptions.DEFAULT).isEqualTo(new BackendOptions(true, 10_000));
    }

    @Test
    void aCacheSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> BackendOptions.DEFAULT.withCacheSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheSize must be at least 1");
        assertThatThrownBy(() -> new BackendOptions(true, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
