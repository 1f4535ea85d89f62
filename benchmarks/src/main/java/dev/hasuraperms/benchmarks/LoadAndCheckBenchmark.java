package dev.hasuraperms.benchmarks;

import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading exported metadata JSON and type-checking it against a schema: tables × 20 roles, all four permissions per
 * role, a fifth of the filters with 2–3-level relationship paths. Target: 1,000 tables in ≤ 1 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LoadAndCheckBenchmark {

    @Param({"10", "100", "1000"})
    public int tables;

    @Param({"20"})
    public int roles;

    private SyntheticMetadata synthetic;

    @Setup
    public void generate() {
        synthetic = SyntheticMetadata.generate(tables, roles, 42);
    }

    /** JSON text to checked permissions. */
    @Benchmark
    public CheckedPermissions loadAndCheck() {
        Metadata m = MetadataLoader.defaults().loadJson(synthetic.metadataJson());
        return PermissionChecker.check(m, synthetic.schema()).orThrow();
    }

    /**
     * One load and check on a collected heap, the way a service does it at start-up: single-shot, a full GC before
     * each (JMH iteration = one invocation here), the JIT warm from the warm-up shots. Run with {@code -bm ss -wi 10
     * -i 20} or as configured below.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 10, batchSize = 1)
    @Measurement(iterations = 20, batchSize = 1)
    public CheckedPermissions loadAndCheckOnce() {
        return loadAndCheck();
    }

    /** A full collection between iterations, so each single shot starts from a clean heap. */
    @Setup(Level.Iteration)
    public void collect() {
        System.gc();
        System.gc();
    }

    /** JSON text to the metadata model only. */
    @Benchmark
    public Metadata loadOnly() {
        return MetadataLoader.defaults().loadJson(synthetic.metadataJson());
    }
}
