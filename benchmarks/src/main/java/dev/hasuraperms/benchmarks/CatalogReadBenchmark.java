package dev.hasuraperms.benchmarks;

import dev.hasuraperms.jdbc.JdbcSchemaReader;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.testing.postgres.PostgresServer;
import dev.hasuraperms.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a live PostgreSQL catalog (embedded PostgreSQL, loopback): {@code tables} tables of 10 columns with a
 * primary key and a foreign key each. Target: 1,000 tables in ≤ 1 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatalogReadBenchmark {

    @Param({"1000"})
    public int tables;

    private TestDatabase db;
    private Connection connection;

    @Setup(Level.Trial)
    public void createTables() throws SQLException {
        db = PostgresServer.shared().createDatabase("catalog_bench");
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables; i++) {
            sql.append("CREATE TABLE t").append(i).append(" (id int PRIMARY KEY, owner_id int NOT NULL, org_id int,")
                    .append(" parent_id int").append(i > 0 ? " REFERENCES t" + (i - 1) + " (id)" : "")
                    .append(", title text NOT NULL, status varchar(20) NOT NULL DEFAULT 'new', score numeric,")
                    .append(" created_at timestamptz NOT NULL DEFAULT now(), data jsonb, tags text[]);\n");
        }
        db.execute(sql.toString());
        connection = db.connection();
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        connection.close();
        db.close();
    }

    /** All five catalog queries and the model built from them. */
    @Benchmark
    public DatabaseSchema read() {
        return JdbcSchemaReader.defaults().read(connection);
    }
}
