package dev.hasuraperms.benchmarks;

import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jdbc.SqlPredicate;
import dev.hasuraperms.names.QualifiedName;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Binding a session to the cached, compiled select permission of the seed's role {@code user} on {@code events},
 * giving an {@link SqlPredicate}. Target: ≤ 50 ns/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class BindBenchmark {

    private CompiledPredicate compiled;
    private JdbcPermissions jdbc;
    private SessionValues session;
    private final QualifiedName events = QualifiedName.of("events");

    @Setup
    public void setUp() {
        jdbc = JdbcPermissions.of(Seed.permissions());
        compiled = jdbc.compiledSelectFilter(events, "user", Optional.of("e"));
        session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
    }

    /** Binding only: the compiled predicate is already in hand. */
    @Benchmark
    public SqlPredicate bind() {
        return compiled.bind(session);
    }

    /** Cache lookup and binding, as {@code selectFilter} does per request. */
    @Benchmark
    public SqlPredicate lookupAndBind() {
        return jdbc.selectFilter(events, "e", session);
    }
}
