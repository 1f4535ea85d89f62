package dev.hasuraperms.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.PgType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The schema-aware rewrite of {@link Optimizer}: {@code (A OR B) AND NOT EXISTS (...)} distributed into the OR's
 * branches, merged into a branch over the same unique relationship, otherwise isolated on the primary key (select
 * filters only). That the rewritten SQL selects the same rows is {@code DifferentialTest}'s job; here, which shape
 * comes out when.
 */
class OptimizerDistributeNotTest {

    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType BOOL = PgType.builtin("bool");
    private static final Expr USER = new Expr.SessionValue(SessionVariable.of("x-hasura-user-id"), INT4);
    private static final QualifiedName DOCUMENTS = QualifiedName.of("public", "documents");
    private static final QualifiedName PROJECTS = QualifiedName.of("public", "projects");
    private static final QualifiedName COLLABORATORS = QualifiedName.of("public", "collaborators");

    private static Table table(QualifiedName name, Optional<String> pk, List<Column> columns) {
        return new Table(name, Table.Kind.TABLE, columns, pk.map(k -> new UniqueConstraint(name.name() + "_pkey",
                List.of(k))), List.of(), List.of());
    }

    private static Column column(String name, PgType type, boolean nullable) {
        return new Column(name, type, nullable, false, Optional.empty());
    }

    private static DatabaseSchema schema(boolean projectKeyUnique, boolean documentsKeyed) {
        return new DatabaseSchema(List.of(
                table(DOCUMENTS, documentsKeyed ? Optional.of("id") : Optional.empty(), List.of(
                        column("id", INT4, false), column("project_id", INT4, false))),
                table(PROJECTS, projectKeyUnique ? Optional.of("id") : Optional.empty(), List.of(
                        column("id", INT4, false), column("owner", INT4, false), column("archived", BOOL, false),
                        column("note", BOOL, true))),
                table(COLLABORATORS, Optional.empty(), List.of(
                        column("document_id", INT4, false), column("user_id", INT4, false)))), List.of());
    }

    private static Expr.Column col(int scope, String name) {
        return new Expr.Column(scope, name, INT4, false);
    }

    /** documents(0) → projects(scope) WHERE where. */
    private static Predicate.Exists project(int scope, Predicate where) {
        return new Predicate.Exists(new Predicate.TableSource(PROJECTS), scope,
                List.of(new Predicate.JoinPair(col(scope, "id"), col(0, "project_id"))), where);
    }

    private static Predicate owner(int scope) {
        return new Predicate.Compare(CompareOp.EQ, col(scope, "owner"), USER);
    }

    private static Predicate flag(int scope, String column, boolean nullable) {
        return new Predicate.Compare(CompareOp.EQ, new Expr.Column(scope, column, BOOL, nullable),
                new Expr.Literal(BOOL, Boolean.TRUE));
    }

    private static Predicate.Exists collaborator(int scope) {
        return new Predicate.Exists(new Predicate.TableSource(COLLABORATORS), scope,
                List.of(new Predicate.JoinPair(col(scope, "document_id"), col(0, "id"))),
                new Predicate.Compare(CompareOp.EQ, col(scope, "user_id"), USER));
    }

    /** {@code (project.owner = user OR collaborator) AND NOT project.<column> = true}. */
    private static Predicate withNot(String column, boolean nullable) {
        return new Predicate.And(List.of(new Predicate.Or(List.of(project(1, owner(1)), collaborator(2))),
                new Predicate.Not(project(3, flag(3, column, nullable)))));
    }

    private static Predicate select(Predicate p, DatabaseSchema schema) {
        return Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS, schema, Optional.of(DOCUMENTS));
    }

    @Test
    void theNotIsMergedIntoTheBranchOverTheSameRelationshipAndTheOtherBranchIsIsolated() {
        Predicate p = select(withNot("archived", false), schema(true, true));
        assertThat(p).isInstanceOf(Predicate.Or.class);
        List<Predicate> branches = ((Predicate.Or) p).operands();
        // Merged: project_id = ANY (SELECT id FROM projects WHERE owner = user AND NOT archived = true), one scope.
        Predicate.InSubquery merged = (Predicate.InSubquery) branches.get(0);
        assertThat(merged.outer()).isEqualTo(col(0, "project_id"));
        assertThat(merged.where()).isEqualTo(new Predicate.And(List.of(owner(1),
                new Predicate.Not(flag(1, "archived", false)))));
        // Isolated: id = ANY (SELECT r.id FROM documents r WHERE r.id = ANY (collaborators) AND NOT EXISTS (...r...)).
        Predicate.InSubquery isolated = (Predicate.InSubquery) branches.get(1);
        assertThat(isolated.outer()).isEqualTo(col(0, "id"));
        assertThat(isolated.source()).isEqualTo(new Predicate.TableSource(DOCUMENTS));
        int r = isolated.scope();
        assertThat(r).isGreaterThan(3);
        assertThat(isolated.inner()).isEqualTo(col(r, "id"));
        List<Predicate> inner = ((Predicate.And) isolated.where()).operands();
        assertThat(((Predicate.InSubquery) inner.get(0)).outer()).isEqualTo(col(r, "id"));
        Predicate.Exists not = (Predicate.Exists) ((Predicate.Not) inner.get(1)).operand();
        assertThat(not.join()).containsExactly(new Predicate.JoinPair(col(3, "id"), col(r, "project_id")));
    }

    @Test
    void withoutAUniqueKeyOrWithAConditionThatMayBeUnknownTheNotIsIsolatedNotMerged() {
        for (Predicate p : List.of(select(withNot("archived", false), schema(false, true)),
                select(withNot("note", true), schema(true, true)))) {
            List<Predicate> branches = ((Predicate.Or) p).operands();
            assertThat(branches).allSatisfy(b -> assertThat(((Predicate.InSubquery) b).source())
                    .isEqualTo(new Predicate.TableSource(DOCUMENTS)));
        }
    }

    @Test
    void withoutAPrimaryKeyOrOutsideASelectFilterNothingIsIsolated() {
        Predicate plain = Optimizer.optimizeFilter(withNot("archived", false));
        // No key on documents: the collaborator branch cannot be isolated, so nothing is distributed.
        assertThat(select(withNot("archived", false), schema(true, false))).isEqualTo(plain);
        // An update or delete filter (no select root): the same.
        assertThat(Optimizer.optimize(withNot("archived", false), Optimizer.Context.TRUE_MATTERS, schema(true, true),
                Optional.empty())).isEqualTo(plain);
        // A check: untouched by the semi-join rewrites altogether.
        assertThat(Optimizer.optimize(withNot("archived", false), Optimizer.Context.FALSE_MATTERS, schema(true, true),
                Optional.of(DOCUMENTS))).isEqualTo(Optimizer.optimize(withNot("archived", false),
                Optimizer.Context.FALSE_MATTERS));
    }

    @Test
    void withoutAnOrAMergeableNotIsMergedAndTheRestIsLeftAlone() {
        Predicate p = new Predicate.And(List.of(project(1, owner(1)), new Predicate.Not(project(3,
                flag(3, "archived", false)))));
        Predicate merged = Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS, schema(true, true), Optional.empty());
        assertThat(merged).isInstanceOf(Predicate.InSubquery.class);
        Predicate other = new Predicate.And(List.of(project(1, owner(1)), new Predicate.Not(collaborator(3))));
        assertThat(Optimizer.optimize(other, Optimizer.Context.TRUE_MATTERS, schema(true, true), Optional.of(DOCUMENTS)))
                .isEqualTo(Optimizer.optimizeFilter(other));
    }

    @Test
    void twoFiltersOnTheSameUniqueRelationshipBecomeOneSubquery() {
        Predicate p = new Predicate.And(List.of(project(1, owner(1)), project(3, flag(3, "archived", false))));
        Predicate merged = Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS, schema(true, true), Optional.empty());
        assertThat(merged).isEqualTo(new Predicate.InSubquery(col(0, "project_id"), new Predicate.TableSource(PROJECTS),
                1, col(1, "id"), new Predicate.And(List.of(owner(1), flag(1, "archived", false)))));
        // Not unique: two subqueries (two different project rows could each satisfy one condition).
        assertThat(Optimizer.optimize(p, Optimizer.Context.TRUE_MATTERS, schema(false, true), Optional.empty()))
                .isEqualTo(Optimizer.optimizeFilter(p));
    }
}
