package dev.hasuraperms.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The semi-join rewrite of {@link Optimizer}: which EXISTS become {@code fk = ANY (ARRAY (...))}, which are kept, and
 * which are kept behind a prefilter. (That the rewritten SQL selects the same rows is the differential test's job.)
 */
class OptimizerSemiJoinTest {

    private static final PgType INT4 = PgType.builtin("int4");
    private static final PgType TIMESTAMPTZ = PgType.builtin("timestamptz");
    private static final Expr USER = new Expr.SessionValue(SessionVariable.of("x-hasura-user-id"), INT4);

    private static Expr.Column col(int scope, String name) {
        return new Expr.Column(scope, name, INT4, false);
    }

    /** documents(0) → projects(scope) with {@code projects.owner = user}. */
    private static Predicate.Exists project(int scope, Predicate extra) {
        Predicate where = new Predicate.Compare(CompareOp.EQ, col(scope, "owner"), USER);
        return new Predicate.Exists(new Predicate.TableSource(QualifiedName.of("public", "projects")), scope,
                List.of(new Predicate.JoinPair(col(scope, "id"), col(0, "project_id"))),
                extra == null ? where : new Predicate.And(List.of(where, extra)));
    }

    /** documents(0) → collaborators(scope) with {@code user_id = user}. */
    private static Predicate.Exists collaborator(int scope) {
        return new Predicate.Exists(new Predicate.TableSource(QualifiedName.of("public", "collaborators")), scope,
                List.of(new Predicate.JoinPair(col(scope, "document_id"), col(0, "id"))),
                new Predicate.Compare(CompareOp.EQ, col(scope, "user_id"), USER));
    }

    private static List<Predicate> nodes(Predicate p) {
        List<Predicate> out = new ArrayList<>();
        Predicates.walk(p, out::add);
        return out;
    }

    private static long count(Predicate p, Class<?> type) {
        return nodes(p).stream().filter(type::isInstance).count();
    }

    @Test
    void existsUnderAnOrBecomesAnyOfAnUncorrelatedSubquery() {
        Predicate p = Optimizer.optimizeFilter(new Predicate.Or(List.of(project(1, null), collaborator(2))));
        assertThat(count(p, Predicate.InSubquery.class)).isEqualTo(2);
        assertThat(count(p, Predicate.Exists.class)).isZero();
        Predicate.InSubquery first = (Predicate.InSubquery) ((Predicate.Or) p).operands().get(0);
        assertThat(first.outer()).isEqualTo(col(0, "project_id"));
        assertThat(first.inner()).isEqualTo(col(1, "id"));
    }

    @Test
    void aLoneUncorrelatedExistsBecomesAnyAndALoneCorrelatedOneIsKept() {
        assertThat(Optimizer.optimizeFilter(project(1, null))).isInstanceOf(Predicate.InSubquery.class);
        Predicate since = new Predicate.Compare(CompareOp.LTE, new Expr.Column(1, "since", TIMESTAMPTZ, false),
                new Expr.Column(0, "updated_at", TIMESTAMPTZ, false));
        assertThat(Optimizer.optimizeFilter(project(1, since))).isEqualTo(project(1, since));
    }

    @Test
    void underNotAndInChecksExistsIsKept() {
        Predicate or = new Predicate.Or(List.of(project(1, null), collaborator(2)));
        assertThat(count(Optimizer.optimizeFilter(new Predicate.Not(or)), Predicate.InSubquery.class)).isZero();
        assertThat(count(Optimizer.optimize(or, Optimizer.Context.FALSE_MATTERS), Predicate.InSubquery.class)).isZero();
        assertThat(count(Optimizer.optimize(or, Optimizer.Context.EXACT), Predicate.InSubquery.class)).isZero();
        // Two NOTs make a positive context again.
        assertThat(count(Optimizer.optimizeFilter(new Predicate.Not(new Predicate.Not(or))), Predicate.InSubquery.class))
                .isEqualTo(2);
    }

    @Test
    void aCorrelatedExistsIsKeptBehindAPrefilterWithoutTheCorrelatedPart() {
        Predicate since = new Predicate.Compare(CompareOp.LTE, new Expr.Column(1, "since", TIMESTAMPTZ, false),
                new Expr.Column(0, "updated_at", TIMESTAMPTZ, false));
        Predicate p = Optimizer.optimizeFilter(new Predicate.Or(List.of(project(1, since), collaborator(2))));
        Predicate.And guarded = (Predicate.And) ((Predicate.Or) p).operands().get(0);
        Predicate.InSubquery prefilter = (Predicate.InSubquery) guarded.operands().get(0);
        assertThat(prefilter.where()).isEqualTo(new Predicate.Compare(CompareOp.EQ, col(1, "owner"), USER));
        assertThat(guarded.operands().get(1)).isEqualTo(project(1, since));
        assertThat(((Predicate.Or) p).operands().get(1)).isInstanceOf(Predicate.InSubquery.class);
    }

    @Test
    void aCorrelatedExistsWithNothingLeftToPrefilterIsKeptAsItIs() {
        Predicate since = new Predicate.Compare(CompareOp.LTE, new Expr.Column(1, "since", TIMESTAMPTZ, false),
                new Expr.Column(0, "updated_at", TIMESTAMPTZ, false));
        Predicate.Exists onlyCorrelated = new Predicate.Exists(new Predicate.TableSource(QualifiedName.of("public", "projects")),
                1, List.of(new Predicate.JoinPair(col(1, "id"), col(0, "project_id"))), since);
        Predicate p = Optimizer.optimizeFilter(new Predicate.Or(List.of(onlyCorrelated, collaborator(2))));
        assertThat(((Predicate.Or) p).operands().get(0)).isEqualTo(onlyCorrelated);
    }
}
