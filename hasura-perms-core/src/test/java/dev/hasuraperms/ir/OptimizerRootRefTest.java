package dev.hasuraperms.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.internal.sql.SqlRenderer;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The isolation of an OR with a branch that compares with the filtered row ({@code ["$", column]}): every branch
 * looked up by the row's identity, the correlated chain flattened into a join ({@link Predicate.InJoin}); by
 * {@code ctid} for a plain table, by the primary key for a partitioned one, not at all for a view, outside select
 * filters, or under a NOT. That the rows are the same is {@code DifferentialTest}'s job; here, which shape comes out.
 */
class OptimizerRootRefTest {

    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType TIMESTAMPTZ = PgType.builtin("timestamptz");
    private static final Expr USER = new Expr.SessionValue(SessionVariable.of("x-hasura-user-id"), INT4);
    private static final QualifiedName DOCUMENTS = QualifiedName.of("public", "documents");
    private static final QualifiedName PROJECTS = QualifiedName.of("public", "projects");
    private static final QualifiedName MEMBERS = QualifiedName.of("public", "members");
    private static final QualifiedName COLLABORATORS = QualifiedName.of("public", "collaborators");

    private static Column column(String name, PgType type) {
        return new Column(name, type, false, false, Optional.empty());
    }

    private static DatabaseSchema schema(Table.Kind documents) {
        return new DatabaseSchema(List.of(
                new Table(DOCUMENTS, documents, List.of(column("id", INT4), column("project_id", INT4),
                        column("updated_at", TIMESTAMPTZ)), Optional.of(new UniqueConstraint("documents_pkey",
                        List.of("id"))), List.of(), List.of()),
                new Table(PROJECTS, Table.Kind.TABLE, List.of(column("id", INT4), column("org_id", INT4)),
                        Optional.of(new UniqueConstraint("projects_pkey", List.of("id"))), List.of(), List.of()),
                new Table(MEMBERS, Table.Kind.TABLE, List.of(column("org_id", INT4), column("user_id", INT4),
                        column("joined_at", TIMESTAMPTZ)), Optional.empty(), List.of(), List.of()),
                new Table(COLLABORATORS, Table.Kind.TABLE, List.of(column("document_id", INT4), column("user_id", INT4)),
                        Optional.empty(), List.of(), List.of())), List.of());
    }

    private static Expr.Column col(int scope, String name) {
        return new Expr.Column(scope, name, name.endsWith("_at") ? TIMESTAMPTZ : INT4, false);
    }

    /** documents(0) → project(1) → members(2) WHERE user AND joined_at <= documents.updated_at. */
    private static Predicate since() {
        Predicate members = new Predicate.Exists(new Predicate.TableSource(MEMBERS), 2,
                List.of(new Predicate.JoinPair(col(2, "org_id"), col(1, "org_id"))),
                new Predicate.And(List.of(new Predicate.Compare(CompareOp.EQ, col(2, "user_id"), USER),
                        new Predicate.Compare(CompareOp.LTE, col(2, "joined_at"), col(0, "updated_at")))));
        return new Predicate.Exists(new Predicate.TableSource(PROJECTS), 1,
                List.of(new Predicate.JoinPair(col(1, "id"), col(0, "project_id"))), members);
    }

    private static Predicate collaborator() {
        return new Predicate.Exists(new Predicate.TableSource(COLLABORATORS), 3,
                List.of(new Predicate.JoinPair(col(3, "document_id"), col(0, "id"))),
                new Predicate.Compare(CompareOp.EQ, col(3, "user_id"), USER));
    }

    private static Predicate rootRef() {
        return new Predicate.Or(List.of(since(), collaborator()));
    }

    private static List<Predicate> nodes(Predicate p) {
        List<Predicate> out = new ArrayList<>();
        Predicates.walk(p, out::add);
        return out;
    }

    @Test
    void aPlainTableIsolatesEveryBranchOnCtidWithTheChainAsAJoin() {
        Predicate o = Optimizer.optimize(rootRef(), Optimizer.Context.TRUE_MATTERS, schema(Table.Kind.TABLE),
                Optional.of(DOCUMENTS));
        List<Predicate.InJoin> joins = nodes(o).stream().filter(n -> n instanceof Predicate.InJoin)
                .map(n -> (Predicate.InJoin) n).toList();
        assertThat(joins).hasSize(1);
        Predicate.InJoin j = joins.get(0);
        assertThat(j.outer()).isEqualTo(new Expr.Column(0, "ctid", j.inner().type(), false));
        assertThat(j.sources()).extracting(b -> ((Predicate.TableSource) b.source()).table())
                .containsExactly(DOCUMENTS, PROJECTS, MEMBERS);
        String sql = SqlRenderer.render(o, 18).toSql("\"d\"", true);
        assertThat(sql).doesNotContain("EXISTS").contains("CROSS JOIN").contains("\"tableoid\" = ANY (ARRAY (SELECT")
                .contains(".\"ctid\" = ANY (ARRAY (SELECT");
        // both branches by ctid: an OR of ctid and id conditions is no Tid Scan
        assertThat(sql).doesNotContain("\"d\".\"id\" = ANY");
        assertThat(nodes(o).stream().filter(n -> n instanceof Predicate.InSubquery s
                && s.outer() instanceof Expr.Column c && c.scope() == 0 && c.name().equals("ctid")).count()).isEqualTo(1);
    }

    @Test
    void aPartitionedTableIsolatesOnItsPrimaryKey() {
        Predicate o = Optimizer.optimize(rootRef(), Optimizer.Context.TRUE_MATTERS,
                schema(Table.Kind.PARTITIONED_TABLE), Optional.of(DOCUMENTS));
        Predicate.InJoin j = (Predicate.InJoin) nodes(o).stream().filter(n -> n instanceof Predicate.InJoin)
                .findFirst().orElseThrow();
        assertThat(j.outer()).isEqualTo(col(0, "id"));
        assertThat(SqlRenderer.render(o, 18).toSql("\"d\"", true)).doesNotContain("ctid").doesNotContain("tableoid");
    }

    @Test
    void notForAViewNorOutsideSelectFiltersNorUnderANot() {
        DatabaseSchema plain = schema(Table.Kind.TABLE);
        List<Predicate> unchanged = List.of(
                Optimizer.optimize(rootRef(), Optimizer.Context.TRUE_MATTERS, schema(Table.Kind.VIEW), Optional.of(DOCUMENTS)),
                Optimizer.optimize(rootRef(), Optimizer.Context.TRUE_MATTERS, plain, Optional.empty()),
                Optimizer.optimize(new Predicate.Not(rootRef()), Optimizer.Context.TRUE_MATTERS, plain, Optional.of(DOCUMENTS)),
                Optimizer.optimize(rootRef(), Optimizer.Context.FALSE_MATTERS, plain, Optional.of(DOCUMENTS)));
        for (Predicate o : unchanged) {
            assertThat(nodes(o)).noneMatch(n -> n instanceof Predicate.InJoin);
            assertThat(SqlRenderer.render(o, 18).toSql("\"d\"", true)).doesNotContain("ctid");
        }
    }

    @Test
    void anOrWithoutARootReferenceIsLeftAlone() {
        Predicate plainOr = new Predicate.Or(List.of(collaborator(), new Predicate.Exists(
                new Predicate.TableSource(PROJECTS), 1, List.of(new Predicate.JoinPair(col(1, "id"), col(0, "project_id"))),
                new Predicate.Compare(CompareOp.EQ, col(1, "org_id"), USER))));
        Predicate o = Optimizer.optimize(plainOr, Optimizer.Context.TRUE_MATTERS, schema(Table.Kind.TABLE),
                Optional.of(DOCUMENTS));
        assertThat(o).isEqualTo(Optimizer.optimizeFilter(plainOr));
    }
}
