package dev.hasuraperms.eval;

import static dev.hasuraperms.eval.EvalSupport.BOOL;
import static dev.hasuraperms.eval.EvalSupport.FLOAT8;
import static dev.hasuraperms.eval.EvalSupport.INT4;
import static dev.hasuraperms.eval.EvalSupport.INT8;
import static dev.hasuraperms.eval.EvalSupport.NUMERIC;
import static dev.hasuraperms.eval.EvalSupport.TEXT;
import static dev.hasuraperms.eval.EvalSupport.and;
import static dev.hasuraperms.eval.EvalSupport.cmp;
import static dev.hasuraperms.eval.EvalSupport.col;
import static dev.hasuraperms.eval.EvalSupport.lit;
import static dev.hasuraperms.eval.EvalSupport.litValue;
import static dev.hasuraperms.eval.EvalSupport.not;
import static dev.hasuraperms.eval.EvalSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.ir.CompareOp;
import dev.hasuraperms.ir.Expr;
import dev.hasuraperms.ir.Predicate;
import dev.hasuraperms.ir.TriBool;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.types.PgType;
import dev.hasuraperms.types.SqlNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EXISTS through a resolver, scopes, root references, aggregates and functions. */
class EvalRelationsTest {

    private static final QualifiedName AUTHORS = QualifiedName.of("authors");
    private static final QualifiedName ARTICLES = QualifiedName.of("articles");
    private static final QualifiedName COMMENTS = QualifiedName.of("comments");

    private static final List<Row> AUTHOR_ROWS = List.of(
            row("id", 1, "name", "ann", "is_active", true),
            row("id", 2, "name", "bob", "is_active", false),
            row("id", 3, "name", "cid", "is_active", null));
    private static final List<Row> ARTICLE_ROWS = List.of(
            row("id", 10, "author_id", 1, "rank", 5, "price", new BigDecimal("1.50"), "score", 1.5d),
            row("id", 11, "author_id", 1, "rank", 7, "price", null, "score", 2.5d),
            row("id", 12, "author_id", 2, "rank", 1, "price", new BigDecimal("3"), "score", null),
            row("id", 13, "author_id", null, "rank", 9, "price", new BigDecimal("4"), "score", 4d));
    private static final List<Row> COMMENT_ROWS = List.of(
            row("id", 100, "article_id", 10, "rank", 3),
            row("id", 101, "article_id", 11, "rank", 8));

    private static final Evaluator EV = Evaluator.builder().relations(RelationResolver.of(Map.of(
            AUTHORS, AUTHOR_ROWS, ARTICLES, ARTICLE_ROWS, COMMENTS, COMMENT_ROWS))).build();

    private static TriBool eval(Predicate p, Row root) {
        return EV.evaluate(p, root, SessionValueSource.none()).result();
    }

    /** article -> author (object relationship): EXISTS (authors a1 WHERE a1.id = $0.author_id AND where). */
    private static Predicate author(Predicate where) {
        return new Predicate.Exists(new Predicate.TableSource(AUTHORS), 1,
                List.of(new Predicate.JoinPair(col(1, "id", INT4), col(0, "author_id", INT4))), where);
    }

    @Test
    void objectRelationshipMatchesThroughTheJoin() {
        Predicate active = author(cmp(CompareOp.EQ, col(1, "is_active", BOOL), litValue(BOOL, true)));
        assertThat(eval(active, ARTICLE_ROWS.get(0))).isEqualTo(TriBool.TRUE);
        assertThat(eval(active, ARTICLE_ROWS.get(2))).isEqualTo(TriBool.FALSE);
        assertThat(eval(not(active), ARTICLE_ROWS.get(2))).isEqualTo(TriBool.TRUE);
    }

    @Test
    void existsIsNeverUnknownEvenWhenTheConditionIsUnknownForEveryRow() {
        // author 3's is_active is NULL: the condition is UNKNOWN, so EXISTS is FALSE (and NOT EXISTS TRUE)
        Predicate active = new Predicate.Exists(new Predicate.TableSource(AUTHORS), 1,
                List.of(new Predicate.JoinPair(col(1, "id", INT4), litValue(INT4, 3))),
                cmp(CompareOp.EQ, col(1, "is_active", BOOL), litValue(BOOL, true)));
        assertThat(eval(active, row())).isEqualTo(TriBool.FALSE);
        assertThat(eval(not(active), row())).isEqualTo(TriBool.TRUE);
    }

    @Test
    void aNullJoinKeyNeverMatches() {
        Predicate any = author(Predicate.Const.TRUE);
        assertThat(eval(any, ARTICLE_ROWS.get(3))).isEqualTo(TriBool.FALSE);
        assertThat(eval(not(any), ARTICLE_ROWS.get(3))).isEqualTo(TriBool.TRUE);
        // and a NULL on the inner side never matches a NULL outer value either
        Predicate articlesWithoutAuthor = new Predicate.Exists(new Predicate.TableSource(ARTICLES), 1,
                List.of(new Predicate.JoinPair(col(1, "author_id", INT4), col(0, "id", INT4))), Predicate.Const.TRUE);
        assertThat(eval(articlesWithoutAuthor, row("id", null))).isEqualTo(TriBool.FALSE);
    }

    @Test
    void arrayRelationshipIsTrueWhenAnyRelatedRowMatches() {
        // author -> articles: EXISTS (articles a1 WHERE a1.author_id = $0.id AND a1.rank > 6)
        Predicate p = new Predicate.Exists(new Predicate.TableSource(ARTICLES), 1,
                List.of(new Predicate.JoinPair(col(1, "author_id", INT4), col(0, "id", INT4))),
                cmp(CompareOp.GT, col(1, "rank", INT4), lit(INT4, "6")));
        assertThat(eval(p, AUTHOR_ROWS.get(0))).isEqualTo(TriBool.TRUE);
        assertThat(eval(p, AUTHOR_ROWS.get(1))).isEqualTo(TriBool.FALSE);
        Evaluation e = EV.evaluate(p, QualifiedName.of("authors"), AUTHOR_ROWS.get(0), SessionValueSource.none());
        Explanation.Rows rows = e.explanation().rows().orElseThrow();
        assertThat(rows.examined()).isEqualTo(2);
        assertThat(rows.joined()).isEqualTo(2);
        assertThat(rows.matched()).hasValue(1);
    }

    @Test
    void nestedScopesAndRootReferencesFromInsideExists() {
        // on articles: {author: {articles: {rank: {_cgt: ["$", "rank"]}}}}: another article of the same author ranks higher
        Predicate inner = new Predicate.Exists(new Predicate.TableSource(ARTICLES), 2,
                List.of(new Predicate.JoinPair(col(2, "author_id", INT4), col(1, "id", INT4))),
                cmp(CompareOp.GT, col(2, "rank", INT4), col(0, "rank", INT4)));
        Predicate p = author(inner);
        assertThat(eval(p, ARTICLE_ROWS.get(0))).isEqualTo(TriBool.TRUE);
        assertThat(eval(p, ARTICLE_ROWS.get(1))).isEqualTo(TriBool.FALSE);
        // _exists without a join, with a root reference: a comment whose rank exceeds the article's rank
        Predicate x = new Predicate.Exists(new Predicate.TableSource(COMMENTS), 1, List.of(),
                and(cmp(CompareOp.EQ, col(1, "article_id", INT4), col(0, "id", INT4)),
                        cmp(CompareOp.GT, col(1, "rank", INT4), col(0, "rank", INT4))));
        assertThat(eval(x, ARTICLE_ROWS.get(0))).isEqualTo(TriBool.FALSE);
        assertThat(eval(x, ARTICLE_ROWS.get(1))).isEqualTo(TriBool.TRUE);
    }

    @Test
    void theResolverIsAskedForAnIndexLookupWithTheJoinKeys() {
        List<Map<String, Object>> lookups = new ArrayList<>();
        RelationResolver r = new RelationResolver() {
            @Override
            public Iterable<Row> rows(QualifiedName table) {
                return AUTHOR_ROWS;
            }

            @Override
            public Iterable<Row> rows(QualifiedName table, Map<String, Object> equalTo) {
                lookups.add(equalTo);
                return AUTHOR_ROWS;
            }
        };
        Evaluator ev = Evaluator.builder().relations(r).build();
        assertThat(ev.evaluate(author(Predicate.Const.TRUE), ARTICLE_ROWS.get(2), SessionValueSource.none()).result())
                .isEqualTo(TriBool.TRUE);
        assertThat(lookups).containsExactly(Map.of("id", 2));
    }

    @Test
    void anUnknownTableIsReported() {
        Predicate p = new Predicate.Exists(new Predicate.TableSource(QualifiedName.of("nope")), 1, List.of(),
                Predicate.Const.TRUE);
        assertThatThrownBy(() -> eval(p, row()))
                .isInstanceOf(EvaluationException.class)
                .satisfies(e -> assertThat(((EvaluationException) e).code()).isEqualTo(DiagnosticCode.UNKNOWN_RELATION));
    }

    // ------------------------------------------------------------------------------------------------ aggregates

    /** author -> articles aggregate with conditions on agg. */
    private static Predicate agg(String fn, List<Expr.Column> args, boolean distinct, PgType aggType, Predicate filter,
                                 CompareOp op, Expr value) {
        return new Predicate.Aggregate(new Predicate.TableSource(ARTICLES), 1,
                List.of(new Predicate.JoinPair(col(1, "author_id", INT4), col(0, "id", INT4))), filter, fn, args, distinct,
                2, cmp(op, new Expr.Column(2, "agg", aggType, true), value));
    }

    @Test
    void countOfStarColumnAndDistinct() {
        Row ann = AUTHOR_ROWS.get(0);
        assertThat(eval(agg("count", List.of(), false, INT8, Predicate.Const.TRUE, CompareOp.EQ, lit(INT8, "2")), ann))
                .isEqualTo(TriBool.TRUE);
        // count(price) ignores the NULL price
        assertThat(eval(agg("count", List.of(col(1, "price", NUMERIC)), false, INT8, Predicate.Const.TRUE, CompareOp.EQ,
                lit(INT8, "1")), ann)).isEqualTo(TriBool.TRUE);
        // count(DISTINCT author_id) over the same author is 1
        assertThat(eval(agg("count", List.of(col(1, "author_id", INT4)), true, INT8, Predicate.Const.TRUE, CompareOp.EQ,
                lit(INT8, "1")), ann)).isEqualTo(TriBool.TRUE);
        // with a filter
        Predicate highRank = cmp(CompareOp.GT, col(1, "rank", INT4), lit(INT4, "6"));
        assertThat(eval(agg("count", List.of(), false, INT8, highRank, CompareOp.EQ, lit(INT8, "1")), ann))
                .isEqualTo(TriBool.TRUE);
    }

    @Test
    void aggregatesOverEmptyInputAreNullExceptCount() {
        Row nobody = row("id", 99);
        assertThat(eval(agg("count", List.of(), false, INT8, Predicate.Const.TRUE, CompareOp.EQ, lit(INT8, "0")), nobody))
                .isEqualTo(TriBool.TRUE);
        // sum of nothing is NULL: the comparison is UNKNOWN, so the aggregate predicate is FALSE (never UNKNOWN) ...
        Predicate sum = agg("sum", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE, CompareOp.GTE,
                lit(NUMERIC, "0"));
        assertThat(eval(sum, nobody)).isEqualTo(TriBool.FALSE);
        // ... and its negation TRUE
        assertThat(eval(not(sum), nobody)).isEqualTo(TriBool.TRUE);
        for (String fn : List.of("avg", "min", "max", "stddev_samp", "var_samp")) {
            Predicate p = new Predicate.Aggregate(new Predicate.TableSource(ARTICLES), 1,
                    List.of(new Predicate.JoinPair(col(1, "author_id", INT4), col(0, "id", INT4))), Predicate.Const.TRUE,
                    fn, List.of(col(1, "rank", INT4)), false, 2,
                    new Predicate.IsNull(new Expr.Column(2, "agg", NUMERIC, true), false));
            assertThat(eval(p, nobody)).as(fn).isEqualTo(TriBool.TRUE);
        }
        Predicate boolAnd = new Predicate.Aggregate(new Predicate.TableSource(AUTHORS), 1, List.of(),
                cmp(CompareOp.GT, col(1, "id", INT4), lit(INT4, "100")), "bool_and", List.of(col(1, "is_active", BOOL)),
                false, 2, new Predicate.IsNull(new Expr.Column(2, "agg", BOOL, true), false));
        assertThat(eval(boolAnd, row())).isEqualTo(TriBool.TRUE);
    }

    @Test
    void sumAvgMinMaxAndStatistics() {
        Row ann = AUTHOR_ROWS.get(0);
        // ranks 5 and 7
        assertThat(eval(agg("sum", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE, CompareOp.EQ,
                lit(NUMERIC, "12")), ann)).isEqualTo(TriBool.TRUE);
        assertThat(eval(agg("avg", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE, CompareOp.EQ,
                lit(NUMERIC, "6")), ann)).isEqualTo(TriBool.TRUE);
        assertThat(eval(agg("max", List.of(col(1, "rank", INT4)), false, INT4, Predicate.Const.TRUE, CompareOp.EQ,
                lit(INT4, "7")), ann)).isEqualTo(TriBool.TRUE);
        assertThat(eval(agg("min", List.of(col(1, "price", NUMERIC)), false, NUMERIC, Predicate.Const.TRUE, CompareOp.EQ,
                lit(NUMERIC, "1.5")), ann)).isEqualTo(TriBool.TRUE);
        // var_samp(5, 7) = 2, stddev_samp = sqrt(2) rounded to numeric's 16 digits
        assertThat(eval(agg("var_samp", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE,
                CompareOp.EQ, lit(NUMERIC, "2")), ann)).isEqualTo(TriBool.TRUE);
        assertThat(eval(agg("stddev_samp", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE,
                CompareOp.EQ, lit(NUMERIC, "1.4142135623730950")), ann)).isEqualTo(TriBool.TRUE);
        // float8: avg(1.5, 2.5) = 2
        assertThat(eval(agg("avg", List.of(col(1, "score", FLOAT8)), false, FLOAT8, Predicate.Const.TRUE,
                CompareOp.EQ, litValue(FLOAT8, 2.0d)), ann)).isEqualTo(TriBool.TRUE);
    }

    @Test
    void numericDivisionAndSquareRootUsePostgresScale() {
        // select avg(x) from (values (1),(2),(2)) v(x) = 1.6666666666666667; var_samp(1,2,3,4) = 1.6666666666666667;
        // stddev_samp(1,2,3,4) = 1.2909944487358056
        List<Object[]> rows = List.of(new Object[] {1}, new Object[] {2}, new Object[] {2});
        assertThat(Aggregates.compute("avg", List.of(INT4), rows, false)).isEqualTo(new BigDecimal("1.6666666666666667"));
        List<Object[]> four = List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}, new Object[] {4});
        assertThat(Aggregates.compute("var_samp", List.of(INT4), four, false)).isEqualTo(new BigDecimal("1.6666666666666667"));
        assertThat(Aggregates.compute("stddev_samp", List.of(INT4), four, false))
                .isEqualTo(new BigDecimal("1.2909944487358056"));
        assertThat(Aggregates.compute("avg", List.of(INT4), List.of(new Object[] {1}, new Object[] {2}), false))
                .isEqualTo(new BigDecimal("1.5000000000000000"));
        assertThat(Aggregates.compute("avg", List.of(NUMERIC), List.of(new Object[] {new BigDecimal("100000")},
                new Object[] {new BigDecimal("200000.5")}), false)).isEqualTo(new BigDecimal("150000.250000000000"));
        // 10000 / 3 = 3333.3333333333333333 and 100000 / 3 = 33333.333333333333 (select_div_scale's base-10000 weights)
        assertThat(Aggregates.divide(new BigDecimal("10000"), new BigDecimal("3"))).isEqualTo(new BigDecimal("3333.3333333333333333"));
        assertThat(Aggregates.divide(new BigDecimal("100000"), new BigDecimal("3"))).isEqualTo(new BigDecimal("33333.333333333333"));
        assertThat(Aggregates.compute("sum", List.of(INT8), List.of(new Object[] {Long.MAX_VALUE},
                new Object[] {Long.MAX_VALUE}), false)).isEqualTo(new BigDecimal("18446744073709551614"));
        assertThat(Aggregates.compute("stddev_samp", List.of(INT4), List.of(new Object[] {7}, new Object[] {7}), false))
                .isEqualTo(BigDecimal.ZERO);
        assertThat(Aggregates.compute("var_samp", List.of(INT4), singles(7), false)).isEqualTo(SqlNull.INSTANCE);
    }

    private static List<Object[]> singles(Object... values) {
        List<Object[]> out = new ArrayList<>();
        for (Object v : values) {
            out.add(new Object[] {v});
        }
        return out;
    }

    @Test
    void floatAggregatesOverflowAsPostgresDoes() {
        assertThatThrownBy(() -> Aggregates.compute("sum", List.of(FLOAT8), List.of(new Object[] {1e308},
                new Object[] {1e308}), false)).isInstanceOf(EvaluationException.class).hasMessageContaining("overflow");
        assertThat(Aggregates.compute("sum", List.of(FLOAT8), List.of(new Object[] {Double.POSITIVE_INFINITY},
                new Object[] {1.0}), false)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void unknownAggregatesAndTooManyCountArgumentsAreRefused() {
        Predicate p = agg("median", List.of(col(1, "rank", INT4)), false, NUMERIC, Predicate.Const.TRUE, CompareOp.EQ,
                lit(NUMERIC, "1"));
        assertThatThrownBy(() -> eval(p, row("id", 1))).isInstanceOf(UnsupportedInMemoryException.class);
        Predicate two = agg("count", List.of(col(1, "rank", INT4), col(1, "id", INT4)), false, INT8, Predicate.Const.TRUE,
                CompareOp.EQ, lit(INT8, "1"));
        assertThatThrownBy(() -> eval(two, row("id", 1))).isInstanceOf(UnsupportedInMemoryException.class);
    }

    // ------------------------------------------------------------------------------------------------ functions

    @Test
    void functionsGoThroughTheResolverOrAreRefused() {
        QualifiedName fullName = QualifiedName.of("author_full_name");
        Predicate p = cmp(CompareOp.EQ, new Expr.Call(fullName, List.of(new Expr.Row(0, AUTHORS)), TEXT),
                litValue(TEXT, "ANN"));
        assertThatThrownBy(() -> eval(p, AUTHOR_ROWS.get(0))).isInstanceOf(UnsupportedInMemoryException.class)
                .hasMessageContaining("FunctionResolver");
        FunctionResolver fr = new FunctionResolver() {
            @Override
            public Object call(QualifiedName function, List<Object> arguments, PgType returnType) {
                return ((String) ((Row) arguments.get(0)).get("name")).toUpperCase(java.util.Locale.ROOT);
            }

            @Override
            public Iterable<Row> rows(QualifiedName function, List<Object> arguments, QualifiedName returnsTable) {
                Object id = ((Row) arguments.get(0)).get("id");
                return ARTICLE_ROWS.stream().filter(r -> id.equals(r.get("author_id"))).toList();
            }
        };
        Evaluator ev = Evaluator.builder().functions(fr).build();
        assertThat(ev.evaluate(p, AUTHOR_ROWS.get(0), SessionValueSource.none()).result()).isEqualTo(TriBool.TRUE);
        Predicate setof = new Predicate.Exists(new Predicate.FunctionSource(QualifiedName.of("author_articles"),
                List.of(new Expr.Row(0, AUTHORS)), ARTICLES), 1, List.of(), cmp(CompareOp.GT, col(1, "rank", INT4),
                lit(INT4, "6")));
        assertThat(ev.evaluate(setof, AUTHOR_ROWS.get(0), SessionValueSource.none()).result()).isEqualTo(TriBool.TRUE);
        assertThat(ev.evaluate(setof, AUTHOR_ROWS.get(1), SessionValueSource.none()).result()).isEqualTo(TriBool.FALSE);
    }

    @Test
    void redactedValuesAreNullWhereTheConditionDoesNotHold() {
        // CASE WHEN is_active THEN name ELSE NULL END = 'bob'
        Expr redacted = new Expr.Redacted(cmp(CompareOp.EQ, col("is_active", BOOL), litValue(BOOL, true)),
                col("name", TEXT));
        Predicate p = cmp(CompareOp.EQ, redacted, litValue(TEXT, "bob"));
        assertThat(eval(p, AUTHOR_ROWS.get(1))).isEqualTo(TriBool.UNKNOWN);
        assertThat(eval(cmp(CompareOp.EQ, redacted, litValue(TEXT, "ann")), AUTHOR_ROWS.get(0))).isEqualTo(TriBool.TRUE);
        assertThat(eval(new Predicate.IsNull(redacted, false), AUTHOR_ROWS.get(2))).isEqualTo(TriBool.TRUE);
    }
}
