/**
 * An in-memory evaluator of the predicate IR that agrees with PostgreSQL: {@link dev.hasuraperms.eval.Evaluator}
 * evaluates a {@link dev.hasuraperms.ir.Predicate} against one row with SQL's three-valued logic, returning TRUE,
 * FALSE or UNKNOWN and an {@link dev.hasuraperms.eval.Explanation} of which sub-expression decided, with the values
 * compared.
 *
 * <h2>Semantics (PostgreSQL 18, C collation)</h2>
 * <ul>
 *   <li><b>Connectives.</b> AND, OR and NOT are three-valued; AND stops at the first FALSE operand, OR at the first
 *   TRUE. EXISTS, aggregates and IS [NOT] NULL are never UNKNOWN. A constant may be UNKNOWN.</li>
 *   <li><b>Comparisons</b> ({@code = <> < <= > >=}) are UNKNOWN when either side is NULL. Numbers compare by value
 *   across Java types; when either side is a float both are compared as double precision (as PostgreSQL casts
 *   integers and numeric to float8); float NaN equals NaN and is greater than every number, -0 equals 0. text,
 *   varchar and name compare in code point order (UTF-8 byte order); bpchar ignores trailing spaces; citext
 *   compares ASCII-lower-cased text (the C locale's {@code lower()}). bool: false &lt; true. uuid: unsigned byte
 *   order. Enums: label position. interval: {@link dev.hasuraperms.types.PgInterval#compareTo} (a month is 30
 *   days). date, time, timestamp: natural order; timestamptz by instant; timetz by the UTC-adjusted time (not
 *   wrapped at midnight), then by zone. bytea: unsigned bytes, a prefix first. ltree: label by label, then fewer
 *   labels first. Arrays: element by element in storage order (NULL elements equal each other and greater than
 *   any value), then by element count, number of dimensions, dimensions. jsonb: PostgreSQL's btree order
 *   (object &gt; array &gt; boolean &gt; number &gt; string &gt; null; more pairs or elements greater; then pairwise,
 *   objects in storage order with keys sorted by length then bytes and compared as strings; a top-level scalar
 *   sorts before any array except the empty one and before any object); equality is structural (numbers by value,
 *   objects unordered).</li>
 *   <li><b>IN</b> ({@code = ANY (array)}): FALSE for an empty array (even for a NULL left side), UNKNOWN for a NULL
 *   left side or array, TRUE if an element is equal, else UNKNOWN if an element is NULL, else FALSE.</li>
 *   <li><b>LIKE / ILIKE</b> (and NOT): {@code %}, {@code _}, backslash escape; a pattern ending in the escape is an
 *   error ({@code EVALUATION_ERROR}). ILIKE folds A-Z only. <b>SIMILAR TO</b>: PostgreSQL's translation to an
 *   anchored regular expression. <b>{@code ~ ~* !~ !~*}</b>: translated to {@link java.util.regex} (see
 *   {@link dev.hasuraperms.types.PgRegex} for what is translated and what is refused). A match is bounded by a step
 *   budget (1,000,000 character reads plus 100 per character of the value, counted, not timed): a pattern that
 *   would backtrack past it on {@link java.util.regex}, or a LIKE pattern that would, is refused
 *   ({@code UNSUPPORTED_IN_MEMORY}), as is a pattern over
 *   {@link dev.hasuraperms.types.Patterns#MAX_PATTERN_LENGTH} characters. On citext, LIKE, SIMILAR TO and {@code ~} are
 *   case-insensitive (citext's operators); a bpchar value keeps its padding while a bpchar pattern loses its
 *   trailing spaces (it is cast to text).</li>
 *   <li><b>Containment</b>: jsonb {@code @>}/{@code <@} as {@code JsonbDeepContains}; arrays as sets, NULL
 *   elements never match. jsonb {@code ?}: an object key, a string element of a top-level array, or an equal
 *   top-level string; {@code ?|} and {@code ?&} skip NULL keys.</li>
 *   <li><b>ltree</b> {@code @>}/{@code <@}: ancestor (label prefix) or descendant, against an ltree or any element
 *   of an ltree[] (a NULL element is an error). lquery {@code ~}, {@code ?} and ltxtquery {@code @} are refused.</li>
 *   <li><b>Casts</b>: jsonb to text/varchar prints PostgreSQL's jsonb text; a cast to the same type is the value;
 *   other casts are refused.</li>
 *   <li><b>EXISTS</b>: TRUE if a row of the source satisfies the join ({@code inner = outer}, NULL never matches) and
 *   the condition. <b>Aggregates</b>: {@code count} (rows, or non-NULL values, DISTINCT), {@code sum}, {@code avg},
 *   {@code min}, {@code max}, {@code stddev_samp}, {@code var_samp}, {@code bool_and}, {@code bool_or},
 *   {@code corr}, {@code covar_samp} over the rows passing the join and filter, NULL on empty input (count: 0); the
 *   predicate is TRUE when the conditions on the value are TRUE.</li>
 *   <li><b>Functions</b> ({@link dev.hasuraperms.ir.Expr.Call}, set-returning sources) go through a
 *   {@link dev.hasuraperms.eval.FunctionResolver}; without one they are refused.</li>
 * </ul>
 *
 * <p>Refusals are {@link dev.hasuraperms.eval.UnsupportedInMemoryException} (code {@code UNSUPPORTED_IN_MEMORY}),
 * raised before any row is read when the predicate alone shows them; other failures are
 * {@link dev.hasuraperms.eval.EvaluationException} with a code of stage runtime.
 */
package dev.hasuraperms.eval;
