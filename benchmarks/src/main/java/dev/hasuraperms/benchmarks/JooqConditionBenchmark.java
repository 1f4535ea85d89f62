package dev.hasuraperms.benchmarks;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.hasuraperms.ir.SessionValues;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.session.Session;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
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
 * The jOOQ backend per request: building the permission condition for a host's table reference (the template
 * cached), and what it adds to rendering a host's query.
 *
 * <ul>
 *   <li>Simple: the seed's role {@code user} on {@code events}, {@code user_id = X-Hasura-User-Id}. Host query:
 *       {@code select id, user_id, type, created_at from events e where type = ? order by created_at desc limit 20}.
 *   <li>Nested: {@link MultiTenant}'s role {@code user} on {@code documents}, a 3-level relationship path
 *       (documents → project → organization → members) {@code _or} a collaborator. Host query:
 *       {@code select id, project_id, title, updated_at from documents d where not archived and updated_at > ?
 *       order by updated_at desc limit 20}.
 * </ul>
 *
 * <p>{@code build*}: the condition only. {@code render*}: the host query (and the condition) built once; the
 * benchmark renders it to SQL with bind markers on a PostgreSQL {@link DSLContext} without a connection, so the
 * difference with and without the condition is what the condition adds to rendering. {@code request*}: what a
 * host does per request: build the condition, construct the query, render it; the difference with and without is
 * the whole per-request cost of the permission. Targets: build ≤ 200 ns (simple) and ≤ 2 µs (nested); extra
 * rendering ≤ 1.5 µs (simple) and ≤ 5 µs (nested).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JooqConditionBenchmark {

    private final DSLContext dsl = DSL.using(SQLDialect.POSTGRES);

    private JooqPermissions seed;
    private JooqPermissions multiTenant;
    private SessionValues session;

    private final Table<?> events = table(name("public", "events")).as("e");
    private final Field<Integer> eventId = field(name("e", "id"), Integer.class);
    private final Field<Integer> eventUser = field(name("e", "user_id"), Integer.class);
    private final Field<String> eventType = field(name("e", "type"), String.class);
    private final Field<OffsetDateTime> eventCreated = field(name("e", "created_at"), OffsetDateTime.class);

    private final Table<?> documents = table(name("public", "documents")).as("d");
    private final Field<Long> documentId = field(name("d", "id"), Long.class);
    private final Field<Integer> documentProject = field(name("d", "project_id"), Integer.class);
    private final Field<String> documentTitle = field(name("d", "title"), String.class);
    private final Field<Boolean> documentArchived = field(name("d", "archived"), Boolean.class);
    private final Field<OffsetDateTime> documentUpdated = field(name("d", "updated_at"), OffsetDateTime.class);
    private final OffsetDateTime since = OffsetDateTime.parse("2024-01-01T00:00:00Z");

    private Query eventsQuery;
    private Query eventsQueryWithSimple;
    private Query documentsQuery;
    private Query documentsQueryWithNested;

    @Setup
    public void setUp() {
        seed = JooqPermissions.of(Seed.permissions());
        multiTenant = JooqPermissions.of(MultiTenant.permissions());
        session = Session.of("user", Map.of("X-Hasura-User-Id", "2"));
        eventsQuery = eventsQuery(DSL.noCondition());
        eventsQueryWithSimple = eventsQuery(seed.selectCondition(events, session));
        documentsQuery = documentsQuery(DSL.noCondition());
        documentsQueryWithNested = documentsQuery(multiTenant.selectCondition(documents, session));
    }

    Query eventsQuery(Condition permission) {
        return dsl.select(eventId, eventUser, eventType, eventCreated).from(events)
                .where(permission).and(eventType.eq("click"))
                .orderBy(eventCreated.desc()).limit(20);
    }

    Query documentsQuery(Condition permission) {
        return dsl.select(documentId, documentProject, documentTitle, documentUpdated).from(documents)
                .where(permission).and(documentArchived.isFalse()).and(documentUpdated.gt(since))
                .orderBy(documentUpdated.desc()).limit(20);
    }

    /** The rendered SQL of every query, for the module's test. */
    List<String> renderedQueries() {
        return List.of(renderHostQuery(), renderHostQueryWithSimple(), renderNestedHostQuery(), renderHostQueryWithNested(),
                requestHostQuery(), requestHostQueryWithSimple(), requestNestedHostQuery(), requestHostQueryWithNested());
    }

    /** The seed's simple filter as a condition. */
    @Benchmark
    public Condition buildSimple() {
        return seed.selectCondition(events, session);
    }

    /** The 3-level nested filter with an {@code _or} as a condition. */
    @Benchmark
    public Condition buildNested() {
        return multiTenant.selectCondition(documents, session);
    }

    /** Rendering the pre-built events query without a permission (the baseline of the simple filter). */
    @Benchmark
    public String renderHostQuery() {
        return dsl.render(eventsQuery);
    }

    /** Rendering the pre-built events query with the simple filter. */
    @Benchmark
    public String renderHostQueryWithSimple() {
        return dsl.render(eventsQueryWithSimple);
    }

    /** Rendering the pre-built documents query without a permission (the baseline of the nested filter). */
    @Benchmark
    public String renderNestedHostQuery() {
        return dsl.render(documentsQuery);
    }

    /** Rendering the pre-built documents query with the nested filter. */
    @Benchmark
    public String renderHostQueryWithNested() {
        return dsl.render(documentsQueryWithNested);
    }

    /** Per request: constructing and rendering the events query, without a permission. */
    @Benchmark
    public String requestHostQuery() {
        return dsl.render(eventsQuery(DSL.noCondition()));
    }

    /** Per request: building the simple filter, constructing and rendering the events query. */
    @Benchmark
    public String requestHostQueryWithSimple() {
        return dsl.render(eventsQuery(seed.selectCondition(events, session)));
    }

    /** Per request: constructing and rendering the documents query, without a permission. */
    @Benchmark
    public String requestNestedHostQuery() {
        return dsl.render(documentsQuery(DSL.noCondition()));
    }

    /** Per request: building the nested filter, constructing and rendering the documents query. */
    @Benchmark
    public String requestHostQueryWithNested() {
        return dsl.render(documentsQuery(multiTenant.selectCondition(documents, session)));
    }
}
