package dev.hasuraperms.jooq;

import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.jooq.DdlStatements.ColumnDef;
import dev.hasuraperms.jooq.DdlStatements.ConstraintDef;
import dev.hasuraperms.jooq.DdlStatements.Kind;
import dev.hasuraperms.jooq.TokenCursor.ParseFailure;
import dev.hasuraperms.jooq.TypeRef.CompositeDef;
import dev.hasuraperms.jooq.TypeRef.DomainDef;
import dev.hasuraperms.jooq.TypeRef.EnumDef;
import dev.hasuraperms.jooq.TypeRef.OtherDef;
import dev.hasuraperms.jooq.TypeRef.Resolved;
import dev.hasuraperms.jooq.TypeRef.TypeDef;
import dev.hasuraperms.names.QualifiedName;
import dev.hasuraperms.schema.Column;
import dev.hasuraperms.schema.DatabaseSchema;
import dev.hasuraperms.schema.ForeignKey;
import dev.hasuraperms.schema.SqlFunction;
import dev.hasuraperms.schema.Table;
import dev.hasuraperms.schema.UniqueConstraint;
import dev.hasuraperms.types.PgType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jooq.Check;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Index;
import org.jooq.Meta;
import org.jooq.Schema;
import org.jooq.Sequence;
import org.jooq.SortField;
import org.jooq.UniqueKey;

/**
 * Interprets DDL statements one after the other into a schema model.
 *
 * <p>Each statement is parsed here (PostgreSQL's grammar, as far as the model needs it) and rewritten into canonical
 * SQL for jOOQ's DDL interpreter, which keeps track of tables, columns, nullability, defaults, keys and indexes
 * through {@code CREATE}, {@code ALTER}, {@code RENAME} and {@code DROP}:
 *
 * <ul>
 *   <li>every name is quoted and schema-qualified (PostgreSQL's case folding, 63-byte truncation and
 *       {@code search_path} applied here);</li>
 *   <li>every column type is replaced by a placeholder type {@code "hp_type_<n>"} that stands for the type bound
 *       here, because jOOQ's own type mapping loses what the model needs ({@code citext} and {@code text} both become
 *       CLOB, {@code bytea} BLOB, {@code "char"} and {@code char} the same CHAR, {@code float(24)} FLOAT, and two
 *       {@code serial} columns make jOOQ reject the table: it turns serial into identity and allows one);</li>
 *   <li>defaults, identity and generated columns become {@code DEFAULT 0} (only their presence matters; jOOQ's open
 *       source parser rejects generated columns), {@code serial} becomes {@code NOT NULL DEFAULT 0}, primary-key
 *       columns become {@code NOT NULL};</li>
 *   <li>every unnamed constraint gets the name PostgreSQL would give it;</li>
 *   <li>what jOOQ cannot keep rides on comments, which jOOQ keeps through renames (comments in the scripts are not
 *       applied): the new type of a column changed by {@code ALTER COLUMN ... TYPE} (jOOQ's {@code SET DATA TYPE}
 *       forgets the default), and a relation kind other than TABLE (partitioned and foreign tables);</li>
 *   <li>a non-partial unique index also gets a hidden key, so that foreign keys may reference its columns as
 *       PostgreSQL allows (jOOQ only accepts keys); hidden keys are left out of the model.</li>
 * </ul>
 *
 * <p>Types, domains, enums, functions and the search path are kept here; jOOQ's interpreter supports none of them
 * well enough ({@code CREATE TYPE} is "unsupported", {@code CREATE DOMAIN ... NOT NULL} does not parse, functions
 * need the commercial edition).
 */
final class DdlInterpreter {

    private static final String PLACEHOLDER = "hp_type_";

    /** The prefix of the table comment that records a relation kind other than TABLE. */
    private static final String KIND_COMMENT = "hp_kind:";

    /** The prefix of the column comment that records the type a column was altered to. */
    private static final String TYPE_COMMENT = "hp_type:";

    /** The prefix of the name of the key that stands for a unique index in jOOQ's model. */
    private static final String INDEX_KEY = "hp_index:";

    /** Schemas whose objects are not part of the model (like the catalog reader). */
    static boolean isHiddenSchema(String schema) {
        return schema.startsWith("pg_") || schema.equals("information_schema") || schema.equals("hdb_catalog")
                || schema.isEmpty();
    }

    /** First words of statements that never change the model. */
    private static final Set<String> SILENT = Set.of("insert", "update", "delete", "merge", "with", "values", "table",
            "truncate", "copy", "comment", "grant", "revoke", "begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "prepare", "analyze", "analyse", "vacuum", "cluster", "reindex", "refresh", "lock",
            "notify", "listen", "unlisten", "discard", "checkpoint", "explain", "execute", "deallocate", "security",
            "load", "call", "fetch", "declare", "close", "move", "show", "reassign");

    /** Objects whose CREATE does not change the model. */
    private static final Set<String> SILENT_CREATE = Set.of("procedure", "aggregate", "operator", "cast",
            "collation", "conversion", "text", "policy", "role", "user", "group", "publication", "subscription",
            "server", "foreign", "language", "trusted", "procedural", "access", "statistics", "tablespace",
            "database", "transform", "default");

    /** One statement being interpreted; the owner of the jOOQ queries made from it. */
    static final class Stmt {
        final SqlStatement statement;
        final int seq;
        String what;

        Stmt(SqlStatement statement, int seq) {
            this.statement = statement;
            this.seq = seq;
        }
    }

    /** A function, with its types bound when it was created. */
    private static final class FunctionDef {
        QualifiedName name;
        final List<ArgDef> inputs;
        final TypeRef returns;
        final boolean returnsSet;
        SqlFunction.Volatility volatility = SqlFunction.Volatility.VOLATILE;

        FunctionDef(QualifiedName name, List<ArgDef> inputs, TypeRef returns, boolean returnsSet) {
            this.name = name;
            this.inputs = inputs;
            this.returns = returns;
            this.returnsSet = returnsSet;
        }

        String signature() {
            StringBuilder sb = new StringBuilder(name.toString()).append('(');
            for (ArgDef a : inputs) {
                sb.append(a.type().key()).append(',');
            }
            return sb.append(')').toString();
        }
    }

    private record ArgDef(Optional<String> name, TypeRef type, boolean hasDefault) {
    }

    private record Reported(int seq, Diagnostic diagnostic) {
    }

    private final JooqModel jooq;
    private final List<Reported> reported = new ArrayList<>();
    private final Map<QualifiedName, TypeDef> types = new HashMap<>();
    private final Map<String, String> extensionSchemas = new HashMap<>();
    private final List<FunctionDef> functions = new ArrayList<>();
    private final List<TypeRef> placeholders = new ArrayList<>();
    /** Every name any statement mentioned or that was made up: a name not in here cannot be taken. */
    private final Set<String> seenNames = new HashSet<>();
    /** Every name used for an index, a key constraint or a sequence: relations that are not tables. */
    private final Set<String> indexNames = new HashSet<>();
    private List<String> searchPath = List.of("public");
    /** The schemas known to exist: public, those created, and those tables were created in. */
    private final Set<String> schemas = new HashSet<>(Set.of("public"));
    private Meta namesMeta;
    /** How many statements were given to jOOQ, which of them last changed each table, or any table. */
    private int appliedCount;
    private final Map<QualifiedName, Integer> changed = new HashMap<>();
    private int changedAll;
    /** The last model computed, and how many statements it includes. */
    private Meta lastMeta;
    private int lastMetaCount = -1;
    private final Map<String, Set<String>> relationNames = new HashMap<>();
    private final Map<String, Set<String>> constraintNames = new HashMap<>();

    DdlInterpreter() {
        this.jooq = new JooqModel(this::jooqFailed);
    }

    // ------------------------------------------------------------------------------------------------- reporting

    /** Adds a diagnostic found outside a statement (reading files, splitting). */
    void report(int seq, Diagnostic d) {
        reported.add(new Reported(seq, d));
    }

    private void notInterpreted(Stmt s, String message) {
        reported.add(new Reported(s.seq, Diagnostic.of(DiagnosticCode.DDL_NOT_INTERPRETED, s.statement.origin(),
                message)));
    }

    private void unsupported(Stmt s, String what) {
        notInterpreted(s, what + " is not interpreted; the schema model does not include it");
    }

    private void jooqFailed(Object owner, boolean silent, String message) {
        if (!silent) {
            Stmt s = (Stmt) owner;
            notInterpreted(s, s.what + " could not be interpreted: " + message
                    + "; the schema model does not include it");
        }
    }

    /**
     * Queues a statement's canonical SQL for jOOQ.
     *
     * @param changes the tables whose columns, keys or indexes it changes (null: it may change any)
     */
    private void apply(Stmt s, List<String> sql, boolean silent, QualifiedName... changes) {
        appliedCount++;
        if (changes == null) {
            changedAll = appliedCount;
        } else {
            for (QualifiedName t : changes) {
                changed.put(t, appliedCount);
            }
        }
        String failure = jooq.add(sql, s, silent);
        if (failure != null && !silent) {
            notInterpreted(s, s.what + " could not be interpreted: jOOQ cannot parse it (" + failure
                    + "); the schema model does not include it");
        }
    }

    /** jOOQ's model of everything applied so far. */
    private Meta meta() {
        Meta m = jooq.meta();
        lastMeta = m;
        lastMetaCount = appliedCount;
        return m;
    }

    /**
     * The table as jOOQ's model has it now. Interpreting everything again for each question would make reading
     * quadratic, so the last model is used while no statement since changed the table.
     */
    private org.jooq.Table<?> jooqTable(QualifiedName table) {
        Meta m = lastMeta != null && changedAll <= lastMetaCount
                && changed.getOrDefault(table, 0) <= lastMetaCount ? lastMeta : meta();
        for (Schema schema : m.getSchemas()) {
            if (schema.getName().equals(table.schema())) {
                return schema.getTable(table.name());
            }
        }
        return null;
    }

    // --------------------------------------------------------------------------------------------------- dispatch

    /** Interprets one statement; {@code seq} orders its diagnostics. */
    void interpret(SqlStatement statement, int seq) {
        Stmt s = new Stmt(statement, seq);
        TokenCursor c = TokenCursor.of(statement.text());
        if (c.atEnd()) {
            return;
        }
        for (int i = 0; c.peek(i) != null; i++) {
            if (c.peek(i).isIdentifier()) {
                seenNames.add(c.peek(i).value());
            }
        }
        s.what = head(c);
        try {
            dispatch(s, c);
        } catch (ParseFailure e) {
            notInterpreted(s, s.what + " could not be read (" + e.getMessage()
                    + "); the schema model does not include it");
        } catch (RuntimeException e) {
            // A statement shape this reader did not expect: one statement is skipped, the rest is still read.
            notInterpreted(s, s.what + " could not be read (" + JooqModel.message(e)
                    + "); the schema model does not include it");
        }
    }

    /** The first two words, upper case, for messages. */
    private static String head(TokenCursor c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2 && c.peek(i) != null && c.peek(i).kind() == SqlToken.Kind.WORD; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(c.peek(i).upper());
        }
        return sb.length() == 0 ? "the statement" : sb.toString();
    }

    private void dispatch(Stmt s, TokenCursor c) {
        SqlToken first = c.peek();
        if (first.isSymbol("(")) {
            return; // a parenthesised query
        }
        if (first.kind() != SqlToken.Kind.WORD) {
            unsupported(s, "a statement starting with '" + first.text() + "'");
            return;
        }
        String w = first.value();
        switch (w) {
            case "create":
                create(s, c);
                return;
            case "alter":
                alter(s, c);
                return;
            case "drop":
                drop(s, c);
                return;
            case "set":
                set(s, c);
                return;
            case "reset":
                c.next();
                if (c.acceptWords("search_path") || c.acceptWords("all")) {
                    searchPath = List.of("public");
                }
                return;
            case "select":
                try {
                    selectSetConfig(c);
                } catch (ParseFailure e) {
                    // any other SELECT: not about the schema
                }
                return;
            case "do":
                unsupported(s, "DO");
                return;
            case "import":
                unsupported(s, "IMPORT FOREIGN SCHEMA");
                return;
            default:
                if (!SILENT.contains(w)) {
                    unsupported(s, first.upper());
                }
        }
    }

    private void create(Stmt s, TokenCursor c) {
        c.expectWords("create");
        boolean orReplace = c.acceptWords("or", "replace");
        if (!c.acceptWords("global")) {
            c.acceptWords("local");
        }
        boolean temp = c.acceptWords("temp") || c.acceptWords("temporary");
        c.acceptWords("unlogged");
        if (c.acceptWords("table")) {
            createTable(s, c, temp, Table.Kind.TABLE);
        } else if (c.acceptWords("foreign", "table")) {
            createTable(s, c, temp, Table.Kind.FOREIGN_TABLE);
        } else if (c.acceptWords("unique")) {
            c.expectWords("index");
            createIndex(s, c, true);
        } else if (c.acceptWords("index")) {
            createIndex(s, c, false);
        } else if (c.acceptWords("schema")) {
            createSchema(s, c);
        } else if (c.acceptWords("sequence")) {
            createSequence(s, c, temp);
        } else if (c.acceptWords("materialized", "view") || c.acceptWords("recursive", "view")
                || c.acceptWords("view")) {
            c.acceptWords("if", "not", "exists");
            if (!temp) {
                unsupported(s, "CREATE VIEW " + creationName(c.qualifiedName()));
            }
        } else if (c.acceptWords("type")) {
            createType(s, c);
        } else if (c.acceptWords("domain")) {
            createDomain(s, c);
        } else if (c.acceptWords("function")) {
            createFunction(s, c, orReplace);
        } else if (c.acceptWords("extension")) {
            createExtension(c);
        } else if (c.isWords("trigger") || c.isWords("constraint", "trigger")) {
            unsupported(s, "CREATE TRIGGER");
        } else if (c.isWords("event", "trigger")) {
            unsupported(s, "CREATE EVENT TRIGGER");
        } else if (c.isWords("rule")) {
            unsupported(s, "CREATE RULE");
        } else if (c.peek() == null || !SILENT_CREATE.contains(c.peek().value())) {
            unsupported(s, s.what + (c.peek() == null ? "" : " " + c.peek().upper()));
        }
    }

    private void alter(Stmt s, TokenCursor c) {
        c.expectWords("alter");
        if (c.acceptWords("table")) {
            alterTable(s, c);
        } else if (c.acceptWords("type")) {
            alterType(s, c);
        } else if (c.acceptWords("domain")) {
            alterDomain(s, c);
        } else if (c.acceptWords("function")) {
            alterFunction(s, c);
        } else if (c.acceptWords("index")) {
            alterIndex(s, c);
        } else if (c.acceptWords("schema")) {
            c.identifier();
            if (c.isWords("rename")) {
                unsupported(s, "ALTER SCHEMA ... RENAME");
            }
        } else if (c.acceptWords("foreign", "table")) {
            alterTable(s, c);
        }
        // ALTER SEQUENCE, VIEW, EXTENSION, ROLE, DEFAULT PRIVILEGES, POLICY, ...: not in the model.
    }

    private void drop(Stmt s, TokenCursor c) {
        c.expectWords("drop");
        if (c.acceptWords("table") || c.acceptWords("foreign", "table")) {
            dropTable(s, c);
        } else if (c.acceptWords("index")) {
            dropIndex(s, c);
        } else if (c.acceptWords("sequence")) {
            dropSequence(s, c);
        } else if (c.acceptWords("schema")) {
            dropSchema(s, c);
        } else if (c.acceptWords("type") || c.acceptWords("domain")) {
            dropTypes(c);
        } else if (c.acceptWords("function")) {
            dropFunction(s, c);
        }
        // DROP VIEW, TRIGGER, POLICY, EXTENSION, PROCEDURE, ...: not in the model.
    }

    // ------------------------------------------------------------------------------------------------------ names

    /** The schema unqualified names are created in: the first schema of the search path. */
    private String creationSchema() {
        for (String schema : searchPath) {
            if (schemas.contains(schema)) {
                return schema;
            }
        }
        return searchPath.get(0);
    }

    /** The name of an object being created. */
    private QualifiedName creationName(List<String> parts) {
        if (parts.size() == 1) {
            return QualifiedName.of(creationSchema(), parts.get(0));
        }
        return QualifiedName.of(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
    }

    /** The relation a name refers to: qualified, or the first in the search path that has it. */
    private QualifiedName relation(List<String> parts) {
        if (parts.size() > 1) {
            return QualifiedName.of(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
        }
        String name = parts.get(0);
        if (searchPath.size() > 1) {
            for (String schema : searchPath) {
                if (jooqTable(QualifiedName.of(schema, name)) != null) {
                    return QualifiedName.of(schema, name);
                }
            }
        }
        return QualifiedName.of(creationSchema(), name);
    }

    private static String q(String identifier) {
        return QualifiedName.quote(identifier);
    }

    private static String q(QualifiedName name) {
        return name.toSql();
    }

    private static String quoteAll(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(q(n));
        }
        return sb.toString();
    }

    /** The relation names (tables, sequences, indexes, key constraints) in use in a schema, per jOOQ's model. */
    private Set<String> relationNames(String schema) {
        refreshNames();
        return relationNames.getOrDefault(schema, Set.of());
    }

    /** The constraint names in use in a schema, per jOOQ's model. */
    private Set<String> constraintNames(String schema) {
        refreshNames();
        return constraintNames.getOrDefault(schema, Set.of());
    }

    private void refreshNames() {
        Meta m = meta();
        if (m == namesMeta) {
            return;
        }
        namesMeta = m;
        relationNames.clear();
        constraintNames.clear();
        for (Schema schema : m.getSchemas()) {
            Set<String> rel = relationNames.computeIfAbsent(schema.getName(), k -> new HashSet<>());
            Set<String> con = constraintNames.computeIfAbsent(schema.getName(), k -> new HashSet<>());
            for (org.jooq.Table<?> t : schema.getTables()) {
                rel.add(t.getName());
                for (Index i : t.getIndexes()) {
                    rel.add(i.getName());
                }
                if (t.getPrimaryKey() != null) {
                    rel.add(t.getPrimaryKey().getName());
                    con.add(t.getPrimaryKey().getName());
                }
                for (UniqueKey<?> u : t.getUniqueKeys()) {
                    if (!u.getName().startsWith(INDEX_KEY)) {
                        rel.add(u.getName());
                        con.add(u.getName());
                    }
                }
                for (org.jooq.ForeignKey<?, ?> fk : t.getReferences()) {
                    con.add(fk.getName());
                }
                for (Check<?> ch : t.getChecks()) {
                    con.add(ch.getName());
                }
            }
            for (Sequence<?> sq : schema.getSequences()) {
                rel.add(sq.getName());
            }
        }
        for (TypeDef def : types.values()) {
            if (def instanceof CompositeDef) {
                relationNames.computeIfAbsent(def.name.schema(), k -> new HashSet<>()).add(def.name.name());
            }
        }
    }

    /**
     * The name PostgreSQL gives an unnamed primary key, unique constraint or index ({@code ChooseRelationName}): not
     * the name of a relation in the schema, and for constraints not the name of a constraint either.
     */
    private String chooseRelationName(String schema, String table, List<String> columns, String label,
                                      boolean isConstraint, Set<String> local) {
        Predicate<String> taken = n -> local.contains(n) || (seenNames.contains(n)
                && (relationNames(schema).contains(n) || (isConstraint && constraintNames(schema).contains(n))));
        String name = PgNames.choose(table, columns == null ? null : PgNames.nameAddition(columns), label, taken);
        seenNames.add(name);
        return name;
    }

    /** The name PostgreSQL gives an unnamed foreign key or check ({@code ChooseConstraintName}). */
    private String chooseConstraintName(String schema, String table, List<String> columns, String label,
                                        Set<String> local) {
        Predicate<String> taken = n -> local.contains(n)
                || (seenNames.contains(n) && constraintNames(schema).contains(n));
        String name = PgNames.choose(table, columns == null ? null : PgNames.nameAddition(columns), label, taken);
        seenNames.add(name);
        return name;
    }

    // ------------------------------------------------------------------------------------------------------ types

    /** Binds a written type as PostgreSQL does when the statement runs. */
    private TypeRef bind(TypeSyntax t, Stmt s) {
        if (TypeSyntax.COLUMN_TYPE.equals(t.builtin())) {
            List<String> parts = t.name();
            if (parts.size() < 2) {
                throw new ParseFailure(t.text() + " does not name a column");
            }
            QualifiedName table = relation(parts.subList(0, parts.size() - 1));
            org.jooq.Table<?> jt = jooqTable(table);
            Field<?> f = jt == null ? null : jt.field(parts.get(parts.size() - 1));
            if (f == null) {
                throw new ParseFailure(t.text() + ": no such column");
            }
            TypeRef ref = placeholderRef(f);
            return t.array() ? ref.asArray() : ref;
        }
        if (TypeSyntax.ROW_TYPE.equals(t.builtin())) {
            return TypeRef.named(List.of(relation(t.name())), false, t.array(), s, t.text());
        }
        if (t.builtin() != null) {
            return TypeRef.builtin(t.builtin(), t.array(), t.length(t.builtin()), t.serial(), t.text());
        }
        List<String> parts = t.name();
        String name = parts.get(parts.size() - 1);
        if (parts.size() == 1) {
            if (PgTypeNames.BUILTIN.contains(name)) {
                return TypeRef.builtin(name, t.array(), t.length(name), false, t.text());
            }
            if (name.startsWith("_") && PgTypeNames.BUILTIN.contains(name.substring(1))) {
                return TypeRef.builtin(name.substring(1), true, Optional.empty(), false, t.text());
            }
            for (String schema : searchPath) {
                TypeRef r = defined(QualifiedName.of(schema, name), t);
                if (r != null) {
                    return r;
                }
            }
            String extension = PgTypeNames.EXTENSION_TYPES.get(name);
            if (extension != null && extensionSchemas.containsKey(extension)) {
                return TypeRef.named(List.of(QualifiedName.of(extensionSchemas.get(extension), name)), true,
                        t.array(), s, t.text());
            }
            List<QualifiedName> candidates = new ArrayList<>();
            for (String schema : searchPath) {
                candidates.add(QualifiedName.of(schema, name));
            }
            return TypeRef.named(candidates, extension != null, t.array(), s, t.text());
        }
        String schema = parts.get(parts.size() - 2);
        if (schema.equals(PgType.PG_CATALOG)) {
            if (PgTypeNames.BUILTIN.contains(name)) {
                return TypeRef.builtin(name, t.array(), t.length(name), false, t.text());
            }
            if (name.startsWith("_") && PgTypeNames.BUILTIN.contains(name.substring(1))) {
                return TypeRef.builtin(name.substring(1), true, Optional.empty(), false, t.text());
            }
        }
        TypeRef r = defined(QualifiedName.of(schema, name), t);
        if (r != null) {
            return r;
        }
        return TypeRef.named(List.of(QualifiedName.of(schema, name)), PgTypeNames.EXTENSION_TYPES.containsKey(name),
                t.array(), s, t.text());
    }

    private TypeRef defined(QualifiedName name, TypeSyntax t) {
        TypeDef def = types.get(name);
        if (def != null) {
            return TypeRef.defined(def, t.array(), t.text());
        }
        if (name.name().startsWith("_")) {
            def = types.get(QualifiedName.of(name.schema(), name.name().substring(1)));
            if (def != null) {
                return TypeRef.defined(def, true, t.text());
            }
        }
        return null;
    }

    /** A placeholder type name standing for {@code ref} in the SQL given to jOOQ. */
    private String placeholder(TypeRef ref) {
        return q(PLACEHOLDER + placeholderNumber(ref));
    }

    private int placeholderNumber(TypeRef ref) {
        placeholders.add(ref);
        return placeholders.size();
    }

    /** The type of a column of jOOQ's model: its type comment if its type was altered, else its placeholder. */
    private TypeRef placeholderRef(Field<?> field) {
        String comment = field.getComment();
        if (comment != null && comment.startsWith(TYPE_COMMENT)) {
            return placeholders.get(Integer.parseInt(comment.substring(TYPE_COMMENT.length())) - 1);
        }
        String n = field.getDataType().getTypeName();
        if (n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.startsWith(PLACEHOLDER)) {
            try {
                return placeholders.get(Integer.parseInt(n.substring(PLACEHOLDER.length())) - 1);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // fall through
            }
        }
        throw new IllegalStateException("a column of jOOQ's model has a type the reader did not give it: " + n);
    }

    // -------------------------------------------------------------------------------------------- CREATE TABLE

    /** A column definition, with its type bound. */
    private final class Col {
        final ColumnDef def;
        final TypeRef type;
        boolean notNull;

        Col(ColumnDef def, Stmt s) {
            this.def = def;
            this.type = bind(def.type, s);
            this.notNull = def.notNull || def.type.serial() || def.identity;
        }

        boolean hasDefault() {
            return def.hasDefault || def.type.serial() || def.identity || def.generated
                    || (def.nullDefault && type.def instanceof DomainDef);
        }

        String sql() {
            return q(def.name) + " " + placeholder(type) + (notNull ? " not null" : "")
                    + (hasDefault() ? " default 0" : "");
        }
    }

    private void createTable(Stmt s, TokenCursor c, boolean temp, Table.Kind kind) {
        boolean ifNotExists = c.acceptWords("if", "not", "exists");
        QualifiedName table = creationName(c.qualifiedName());
        s.what = (kind == Table.Kind.FOREIGN_TABLE ? "CREATE FOREIGN TABLE " : "CREATE TABLE ") + table;
        if (temp) {
            return;
        }
        if (c.isWords("partition", "of")) {
            unsupported(s, s.what + " ... PARTITION OF");
            return;
        }
        if (c.isWords("of")) {
            unsupported(s, s.what + " OF type");
            return;
        }
        if (c.isWords("as") || c.isWords("execute")) {
            unsupported(s, s.what + " AS");
            return;
        }
        if (!c.isSymbol("(")) {
            throw new ParseFailure("expected '(' but found " + c.describeNext());
        }
        if (indexNames.contains(table.name()) && relationNames(table.schema()).contains(table.name())
                && jooqTable(table) == null) {
            // jOOQ keeps tables apart from indexes and sequences; PostgreSQL does not.
            if (!ifNotExists) {
                notInterpreted(s, s.what + " could not be interpreted: relation " + table
                        + " already exists (an index or sequence); the schema model does not include it");
            }
            return;
        }
        List<SqlToken> body = c.group();
        Table.Kind relationKind = kind;
        if (c.isWords("as") || c.isWords("execute")) {
            unsupported(s, s.what + " AS");
            return;
        }
        while (!c.atEnd()) {
            if (c.isWords("inherits")) {
                unsupported(s, s.what + " ... INHERITS");
                return;
            } else if (c.acceptWords("partition", "by")) {
                if (!c.acceptWords("range") && !c.acceptWords("list")) {
                    c.expectWords("hash");
                }
                c.group();
                relationKind = Table.Kind.PARTITIONED_TABLE;
            } else if (kind == Table.Kind.FOREIGN_TABLE && c.acceptWords("server")) {
                c.identifier();
            } else if (kind == Table.Kind.FOREIGN_TABLE && c.acceptWords("options")) {
                c.group();
            } else if (c.acceptWords("using") || c.acceptWords("tablespace")) {
                c.identifier();
            } else if (c.acceptWords("with")) {
                c.group();
            } else if (c.acceptWords("without", "oids")) {
                continue;
            } else if (c.acceptWords("on", "commit")) {
                if (!c.acceptWords("preserve", "rows") && !c.acceptWords("delete", "rows")) {
                    c.expectWords("drop");
                }
            } else {
                throw new ParseFailure("unexpected " + c.describeNext());
            }
        }

        List<Object> elements = new ArrayList<>();
        Map<String, Col> columns = new LinkedHashMap<>();
        for (List<SqlToken> part : TokenCursor.splitCommas(body)) {
            TokenCursor e = new TokenCursor(part);
            if (e.isWords("like")) {
                unsupported(s, s.what + " (LIKE ...)");
                return;
            }
            if (DdlStatements.isTableConstraint(e)) {
                elements.add(DdlStatements.tableConstraint(e, false));
            } else {
                Col col = new Col(DdlStatements.column(e, true), s);
                if (columns.put(col.def.name, col) != null) {
                    throw new ParseFailure("column " + col.def.name + " is defined twice");
                }
                elements.add(col);
            }
            e.expectEnd();
        }

        List<ConstraintDef> indexes = new ArrayList<>();
        List<ConstraintDef> foreignKeys = new ArrayList<>();
        List<ConstraintDef> checks = new ArrayList<>();
        Set<String> local = new HashSet<>();
        local.add(table.name());
        for (Object el : elements) {
            List<ConstraintDef> defs = el instanceof Col col ? col.def.constraints : List.of((ConstraintDef) el);
            for (ConstraintDef d : defs) {
                if (d.name != null) {
                    local.add(d.name);
                }
                if (d.isIndex()) {
                    indexes.add(d);
                } else if (d.kind == Kind.FOREIGN_KEY) {
                    foreignKeys.add(d);
                } else if (d.kind == Kind.CHECK) {
                    checks.add(d);
                } else if (d.kind == Kind.NOT_NULL) {
                    Col col = columns.get(d.columns.get(0));
                    if (col == null) {
                        throw new ParseFailure("NOT NULL names column " + d.columns.get(0) + ", which is not defined");
                    }
                    col.notNull = true;
                }
            }
        }
        List<ConstraintDef> keys = indexConstraints(indexes);
        for (ConstraintDef k : keys) {
            if (k.kind == Kind.PRIMARY_KEY) {
                for (String col : k.columns) {
                    Col cd = columns.get(col);
                    if (cd != null) {
                        cd.notNull = true;
                    }
                }
            }
        }
        nameChecks(table, checks, columns.keySet(), local);
        nameConstraints(table, keys, foreignKeys, local);

        List<String> parts = new ArrayList<>();
        for (Col col : columns.values()) {
            parts.add(col.sql());
        }
        for (ConstraintDef k : keys) {
            parts.add(constraintSql(k));
        }
        for (ConstraintDef k : checks) {
            parts.add(constraintSql(k));
        }
        for (ConstraintDef k : foreignKeys) {
            parts.add(constraintSql(k));
        }
        List<String> sql = new ArrayList<>();
        String create = "create table " + (ifNotExists ? "if not exists " : "") + q(table);
        if (parts.isEmpty()) {
            // jOOQ cannot parse a table without columns, which PostgreSQL allows.
            sql.add(create + " (" + q("hp_no_columns") + " int)");
            sql.add("alter table " + q(table) + " drop " + q("hp_no_columns"));
        } else {
            sql.add(create + " (" + String.join(", ", parts) + ")");
        }
        if (relationKind != Table.Kind.TABLE) {
            // The kind rides on a table comment, which jOOQ keeps through renames (user comments are not applied).
            sql.add("comment on table " + q(table) + " is '" + KIND_COMMENT + relationKind.key() + "'");
        }
        apply(s, sql, false, table);
        schemas.add(table.schema());
    }

    /**
     * The indexes PostgreSQL makes for the PRIMARY KEY and UNIQUE constraints of a CREATE TABLE, in the order it
     * makes (and names) them: the primary key first, then the unique constraints in the order written, without those
     * that repeat an earlier one ({@code transformIndexConstraints}; a repeated one gives its name to the first if
     * that has none).
     */
    private static List<ConstraintDef> indexConstraints(List<ConstraintDef> indexes) {
        List<ConstraintDef> result = new ArrayList<>();
        ConstraintDef pk = null;
        for (ConstraintDef d : indexes) {
            if (d.kind == Kind.PRIMARY_KEY) {
                if (pk != null) {
                    throw new ParseFailure("multiple primary keys are not allowed");
                }
                pk = d;
            }
        }
        if (pk != null) {
            result.add(pk);
        }
        for (ConstraintDef d : indexes) {
            if (d == pk) {
                continue;
            }
            ConstraintDef same = null;
            for (ConstraintDef prior : result) {
                if (prior.columns.equals(d.columns) && prior.options.toString().equals(d.options.toString())) {
                    same = prior;
                    break;
                }
            }
            if (same == null) {
                result.add(d);
            } else if (same.name == null) {
                same.name = d.name;
            }
        }
        return result;
    }

    /**
     * Names the unnamed CHECK constraints, in order: {@code table_column_check} when the expression refers to one
     * column, else {@code table_check}.
     */
    private void nameChecks(QualifiedName table, List<ConstraintDef> checks, Set<String> columns, Set<String> local) {
        for (ConstraintDef k : checks) {
            if (k.name == null) {
                String column = DdlStatements.checkColumn(k.expression, columns);
                k.name = chooseConstraintName(table.schema(), table.name(), column == null ? null : List.of(column),
                        "check", local);
            }
            local.add(k.name);
        }
    }

    /** Names the unnamed keys (PRIMARY KEY and UNIQUE first, then FOREIGN KEY, each in order). */
    private void nameConstraints(QualifiedName table, List<ConstraintDef> keys, List<ConstraintDef> foreignKeys,
                                 Set<String> local) {
        for (ConstraintDef k : keys) {
            if (k.name == null) {
                k.name = k.kind == Kind.PRIMARY_KEY
                        ? chooseRelationName(table.schema(), table.name(), null, "pkey", true, local)
                        : chooseRelationName(table.schema(), table.name(), indexColumns(k), "key", true, local);
            }
            local.add(k.name);
            indexNames.add(k.name);
        }
        for (ConstraintDef k : foreignKeys) {
            if (k.name == null) {
                k.name = chooseConstraintName(table.schema(), table.name(), k.columns, "fkey", local);
            }
            local.add(k.name);
        }
    }

    /** The columns of the index of a key: its columns, then its INCLUDE columns. */
    private static List<String> indexColumns(ConstraintDef k) {
        List<String> all = new ArrayList<>(k.columns);
        all.addAll(k.include);
        return all;
    }

    private String constraintSql(ConstraintDef k) {
        String head = "constraint " + q(k.name) + " ";
        switch (k.kind) {
            case PRIMARY_KEY:
                return head + "primary key (" + quoteAll(k.columns) + ")";
            case UNIQUE:
                return head + "unique (" + quoteAll(k.columns) + ")";
            case CHECK:
                return head + "check (1 = 1)";
            case FOREIGN_KEY: {
                QualifiedName ref = relation(k.referencedTable);
                return head + "foreign key (" + quoteAll(k.columns) + ") references " + q(ref)
                        + (k.referencedColumns == null ? "" : " (" + quoteAll(k.referencedColumns) + ")");
            }
            default:
                throw new IllegalStateException(k.kind.toString());
        }
    }

    // --------------------------------------------------------------------------------------------- ALTER TABLE

    private void alterTable(Stmt s, TokenCursor c) {
        if (c.isWords("all", "in", "tablespace")) {
            return;
        }
        boolean ifExists = c.acceptWords("if", "exists");
        c.acceptWords("only");
        QualifiedName table = relation(c.qualifiedName());
        c.acceptSymbol("*");
        s.what = "ALTER TABLE " + table;
        if (ifExists && jooqTable(table) == null) {
            return;
        }
        String head = "alter table " + (ifExists ? "if exists " : "") + q(table) + " ";
        if (c.acceptWords("rename")) {
            if (c.acceptWords("to")) {
                String to = c.identifier();
                c.expectEnd();
                apply(s, List.of(head + "rename to " + q(to)), false, table, QualifiedName.of(table.schema(), to));
                return;
            }
            boolean constraint = c.acceptWords("constraint");
            if (!constraint) {
                c.acceptWords("column");
            }
            String from = c.identifier();
            c.expectWords("to");
            String to = c.identifier();
            c.expectEnd();
            apply(s, List.of(head + (constraint ? "rename constraint " : "rename column ") + q(from) + " to " + q(to)),
                    false, table);
            return;
        }
        if (c.isWords("set", "schema")) {
            unsupported(s, s.what + " SET SCHEMA");
            return;
        }
        if (c.isWords("attach", "partition") || c.isWords("detach", "partition")) {
            unsupported(s, s.what + " " + c.peek().upper() + " PARTITION");
            return;
        }
        List<String> drops = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> addColumns = new ArrayList<>();
        List<String> columnChanges = new ArrayList<>();
        List<ConstraintDef> indexes = new ArrayList<>();
        List<ConstraintDef> foreignKeys = new ArrayList<>();
        List<ConstraintDef> checks = new ArrayList<>();
        Set<String> local = new HashSet<>();
        List<String> addedColumns = new ArrayList<>();
        for (List<SqlToken> part : TokenCursor.splitCommas(remaining(c))) {
            TokenCursor a = new TokenCursor(part);
            alterTableAction(s, a, table, head, drops, types, addColumns, columnChanges, indexes, foreignKeys, checks,
                    local, addedColumns);
            a.expectEnd();
        }
        for (ConstraintDef k : indexes) {
            if (k.usingIndex != null) {
                usingIndex(k, table, head, drops);
            }
        }
        if (checks.stream().anyMatch(k -> k.name == null)) {
            Set<String> columns = new LinkedHashSet<>();
            org.jooq.Table<?> t = jooqTable(table);
            if (t != null) {
                for (Field<?> f : t.fields()) {
                    columns.add(f.getName());
                }
            }
            columns.addAll(addedColumns);
            nameChecks(table, checks, columns, local);
        }
        nameConstraints(table, indexes, foreignKeys, local);
        List<String> sql = new ArrayList<>(drops);
        sql.addAll(types);
        sql.addAll(addColumns);
        sql.addAll(columnChanges);
        for (ConstraintDef k : indexes) {
            if (k.kind == Kind.PRIMARY_KEY) {
                for (String col : k.columns) {
                    sql.add(head + "alter column " + q(col) + " set not null");
                }
            }
            sql.add(head + "add " + constraintSql(k));
        }
        for (ConstraintDef k : checks) {
            sql.add(head + "add " + constraintSql(k));
        }
        for (ConstraintDef k : foreignKeys) {
            sql.add(head + "add " + constraintSql(k));
        }
        if (!sql.isEmpty()) {
            apply(s, sql, false, table);
        }
    }

    private static List<SqlToken> remaining(TokenCursor c) {
        List<SqlToken> out = new ArrayList<>();
        while (!c.atEnd()) {
            out.add(c.next());
        }
        return out;
    }

    private void alterTableAction(Stmt s, TokenCursor a, QualifiedName table, String head, List<String> drops,
                                  List<String> types, List<String> addColumns, List<String> columnChanges,
                                  List<ConstraintDef> indexes, List<ConstraintDef> foreignKeys,
                                  List<ConstraintDef> checks, Set<String> local, List<String> addedColumns) {
        if (a.acceptWords("add")) {
            if (DdlStatements.isTableConstraint(a)) {
                ConstraintDef d = DdlStatements.tableConstraint(a, true);
                if (d.name != null) {
                    local.add(d.name);
                }
                if (d.isIndex()) {
                    indexes.add(d);
                } else if (d.kind == Kind.FOREIGN_KEY) {
                    foreignKeys.add(d);
                } else if (d.kind == Kind.CHECK) {
                    checks.add(d);
                } else if (d.kind == Kind.NOT_NULL) {
                    columnChanges.add(head + "alter column " + q(d.columns.get(0)) + " set not null");
                }
                return;
            }
            a.acceptWords("column");
            boolean ifNotExists = a.acceptWords("if", "not", "exists");
            Col col = new Col(DdlStatements.column(a, true), s);
            if (ifNotExists && !col.def.constraints.isEmpty() && hasColumn(table, col.def.name)) {
                return;
            }
            for (ConstraintDef d : col.def.constraints) {
                if (d.name != null) {
                    local.add(d.name);
                }
                if (d.isIndex()) {
                    indexes.add(d);
                } else if (d.kind == Kind.FOREIGN_KEY) {
                    foreignKeys.add(d);
                } else if (d.kind == Kind.CHECK) {
                    checks.add(d);
                }
                if (d.kind == Kind.PRIMARY_KEY) {
                    col.notNull = true;
                }
            }
            addedColumns.add(col.def.name);
            addColumns.add(head + "add " + (ifNotExists ? "if not exists " : "") + col.sql());
        } else if (a.acceptWords("drop")) {
            if (a.acceptWords("constraint")) {
                boolean ifExists = a.acceptWords("if", "exists");
                String name = a.identifier();
                boolean cascade = a.acceptWords("cascade");
                a.acceptWords("restrict");
                drops.add(head + "drop constraint " + (ifExists ? "if exists " : "") + q(name)
                        + (cascade ? " cascade" : ""));
            } else {
                a.acceptWords("column");
                boolean ifExists = a.acceptWords("if", "exists");
                String name = a.identifier();
                boolean cascade = a.acceptWords("cascade");
                a.acceptWords("restrict");
                drops.add(head + "drop " + (ifExists ? "if exists " : "") + q(name) + (cascade ? " cascade" : ""));
            }
        } else if (a.acceptWords("alter")) {
            if (a.acceptWords("constraint")) {
                skipRest(a);
                return;
            }
            a.acceptWords("column");
            String col = a.identifier();
            String alter = head + "alter column " + q(col) + " ";
            if (a.acceptWords("set", "data", "type") || a.acceptWords("type")) {
                TypeRef t = bind(TypeSyntax.parse(a, false), s);
                if (a.acceptWords("collate")) {
                    a.qualifiedName();
                }
                if (a.acceptWords("using")) {
                    skipRest(a);
                }
                // Not jOOQ's SET DATA TYPE, which forgets the column's default: the new type rides on a column
                // comment, which jOOQ keeps through renames (user comments are not applied).
                types.add("comment on column " + q(table) + "." + q(col) + " is '" + TYPE_COMMENT
                        + placeholderNumber(t) + "'");
            } else if (a.acceptWords("set", "default")) {
                List<SqlToken> expr = DdlStatements.defaultExpression(a);
                boolean keep = !DdlStatements.isNullConstant(expr) || isDomainColumn(table, col);
                columnChanges.add(alter + (keep ? "set default 0" : "drop default"));
            } else if (a.acceptWords("drop", "default")) {
                columnChanges.add(alter + "drop default");
            } else if (a.acceptWords("set", "not", "null")) {
                columnChanges.add(alter + "set not null");
            } else if (a.acceptWords("drop", "not", "null")) {
                columnChanges.add(alter + "drop not null");
            } else if (a.acceptWords("add", "generated")) {
                skipRest(a);
                columnChanges.add(alter + "set default 0");
            } else if (a.acceptWords("drop", "identity") || a.acceptWords("drop", "expression")) {
                a.acceptWords("if", "exists");
                columnChanges.add(alter + "drop default");
            } else if (a.isWords("set") || a.isWords("reset") || a.isWords("restart") || a.isWords("options")) {
                skipRest(a);
            } else {
                throw new ParseFailure("ALTER COLUMN ... " + a.describeNext() + " is not supported");
            }
        } else if (a.isWords("enable") || a.isWords("disable") || a.isWords("force") || a.isWords("no", "force")
                || a.isWords("cluster") || a.isWords("set") || a.isWords("reset") || a.isWords("replica")
                || a.isWords("owner") || a.isWords("validate") || a.isWords("inherit") || a.isWords("no", "inherit")
                || a.isWords("of") || a.isWords("not", "of") || a.isWords("options")) {
            skipRest(a);
        } else {
            throw new ParseFailure("ALTER TABLE ... " + a.describeNext() + " is not supported");
        }
    }

    private static void skipRest(TokenCursor a) {
        while (!a.atEnd()) {
            a.next();
        }
    }

    /** ADD ... USING INDEX: the constraint takes over the index (and its name, if it has none of its own). */
    private void usingIndex(ConstraintDef k, QualifiedName table, String head, List<String> drops) {
        org.jooq.Table<?> t = jooqTable(table);
        Index index = null;
        if (t != null) {
            for (Index i : t.getIndexes()) {
                if (i.getName().equals(k.usingIndex)) {
                    index = i;
                }
            }
        }
        if (index == null) {
            throw new ParseFailure("index " + k.usingIndex + " of " + table + " is not known");
        }
        List<String> cols = new ArrayList<>();
        for (SortField<?> f : index.getFields()) {
            cols.add(f.getName());
        }
        k.columns = cols;
        if (k.name == null) {
            k.name = k.usingIndex;
        }
        if (hasIndexKey(table, k.usingIndex)) {
            drops.add(head + "drop constraint " + q(INDEX_KEY + k.usingIndex));
        }
        drops.add("drop index " + q(QualifiedName.of(table.schema(), k.usingIndex)));
    }

    private boolean hasColumn(QualifiedName table, String column) {
        org.jooq.Table<?> t = jooqTable(table);
        return t != null && t.field(column) != null;
    }

    private boolean isDomainColumn(QualifiedName table, String column) {
        org.jooq.Table<?> t = jooqTable(table);
        Field<?> f = t == null ? null : t.field(column);
        return f != null && placeholderRef(f).def instanceof DomainDef;
    }

    // --------------------------------------------------------------------------------- DROP TABLE, INDEX, ...

    private void dropTable(Stmt s, TokenCursor c) {
        boolean ifExists = c.acceptWords("if", "exists");
        List<QualifiedName> tables = new ArrayList<>();
        do {
            tables.add(relation(c.qualifiedName()));
        } while (c.acceptSymbol(","));
        boolean cascade = c.acceptWords("cascade");
        c.acceptWords("restrict");
        c.expectEnd();
        s.what = "DROP TABLE " + tables.get(0);
        List<String> sql = new ArrayList<>();
        for (QualifiedName t : tables) {
            sql.add("drop table " + (ifExists ? "if exists " : "") + q(t) + (cascade ? " cascade" : ""));
        }
        apply(s, sql, false, tables.toArray(new QualifiedName[0]));
    }

    private void createIndex(Stmt s, TokenCursor c, boolean unique) {
        c.acceptWords("concurrently");
        boolean ifNotExists = c.acceptWords("if", "not", "exists");
        String name = c.isWords("on") ? null : c.identifier();
        c.expectWords("on");
        c.acceptWords("only");
        QualifiedName table = relation(c.qualifiedName());
        if (c.acceptWords("using")) {
            c.identifier();
        }
        List<String> columns = new ArrayList<>();
        for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
            if (part.isEmpty() || !part.get(0).isIdentifier()
                    || (part.size() > 1 && part.get(1).isSymbol("("))) {
                return; // an expression index: jOOQ cannot hold it, and it does not change the model
            }
            columns.add(part.get(0).value());
        }
        List<String> nameColumns = new ArrayList<>(columns);
        boolean partial = false;
        while (!c.atEnd() && !partial) {
            if (c.acceptWords("include")) {
                nameColumns.addAll(c.nameList());
            } else if (c.acceptWords("nulls", "not", "distinct") || c.acceptWords("nulls", "distinct")) {
                continue;
            } else if (c.acceptWords("with")) {
                c.group();
            } else if (c.acceptWords("tablespace")) {
                c.identifier();
            } else {
                partial = c.acceptWords("where");
                break;
            }
        }
        if (name == null) {
            name = chooseRelationName(table.schema(), table.name(), nameColumns, "idx", false, new HashSet<>());
        }
        indexNames.add(name);
        List<String> sql = new ArrayList<>();
        sql.add("create " + (unique ? "unique " : "") + "index " + (ifNotExists ? "if not exists " : "") + q(name)
                + " on " + q(table) + " (" + quoteAll(columns) + ")");
        if (unique && !partial) {
            // A foreign key may reference the columns of a unique index; jOOQ only accepts those of a key. The key
            // is left out of the model (the catalog reader reads UNIQUE constraints, not indexes).
            sql.add("alter table " + q(table) + " add constraint " + q(INDEX_KEY + name) + " unique ("
                    + quoteAll(columns) + ")");
        }
        apply(s, sql, true, table);
    }

    /** The table of an index, per jOOQ's model, or null. */
    private QualifiedName tableOfIndex(QualifiedName index) {
        for (Schema schema : meta().getSchemas()) {
            if (schema.getName().equals(index.schema())) {
                for (org.jooq.Table<?> t : schema.getTables()) {
                    for (Index i : t.getIndexes()) {
                        if (i.getName().equals(index.name())) {
                            return QualifiedName.of(schema.getName(), t.getName());
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The table of a PRIMARY KEY or UNIQUE constraint (whose index has its name), per jOOQ's model, or null. */
    private QualifiedName tableOfKey(QualifiedName key) {
        for (Schema schema : meta().getSchemas()) {
            if (schema.getName().equals(key.schema())) {
                for (org.jooq.Table<?> t : schema.getTables()) {
                    for (UniqueKey<?> u : t.getKeys()) {
                        if (u.getName().equals(key.name())) {
                            return QualifiedName.of(schema.getName(), t.getName());
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Whether the table has the key that stands for a unique index. */
    private boolean hasIndexKey(QualifiedName table, String index) {
        org.jooq.Table<?> t = jooqTable(table);
        if (t != null) {
            for (UniqueKey<?> u : t.getUniqueKeys()) {
                if (u.getName().equals(INDEX_KEY + index)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void alterIndex(Stmt s, TokenCursor c) {
        boolean ifExists = c.acceptWords("if", "exists");
        QualifiedName index = relation(c.qualifiedName());
        if (c.acceptWords("rename", "to")) {
            String to = c.identifier();
            indexNames.add(to);
            List<String> sql = new ArrayList<>();
            QualifiedName table = tableOfIndex(index);
            if (table == null) {
                // The index of a PRIMARY KEY or UNIQUE constraint: renaming it renames the constraint.
                QualifiedName keyTable = tableOfKey(index);
                if (keyTable != null) {
                    s.what = "ALTER INDEX " + index;
                    apply(s, List.of("alter table " + q(keyTable) + " rename constraint " + q(index.name()) + " to "
                            + q(to)), false, keyTable);
                    return;
                }
            }
            sql.add("alter index " + (ifExists ? "if exists " : "") + q(index) + " rename to " + q(to));
            if (table != null && hasIndexKey(table, index.name())) {
                sql.add("alter table " + q(table) + " rename constraint " + q(INDEX_KEY + index.name()) + " to "
                        + q(INDEX_KEY + to));
            }
            apply(s, sql, true, (QualifiedName[]) null);
        }
    }

    private void dropIndex(Stmt s, TokenCursor c) {
        c.acceptWords("concurrently");
        c.acceptWords("if", "exists");
        List<String> sql = new ArrayList<>();
        List<QualifiedName> indexes = new ArrayList<>();
        do {
            indexes.add(relation(c.qualifiedName()));
        } while (c.acceptSymbol(","));
        boolean cascade = c.acceptWords("cascade");
        for (QualifiedName index : indexes) {
            QualifiedName table = tableOfIndex(index);
            if (table != null && hasIndexKey(table, index.name())) {
                sql.add("alter table " + q(table) + " drop constraint " + q(INDEX_KEY + index.name())
                        + (cascade ? " cascade" : ""));
            }
            sql.add("drop index if exists " + q(index));
        }
        apply(s, sql, true, (QualifiedName[]) null);
    }

    private void createSequence(Stmt s, TokenCursor c, boolean temp) {
        c.acceptWords("if", "not", "exists");
        QualifiedName name = creationName(c.qualifiedName());
        indexNames.add(name.name());
        if (!temp) {
            apply(s, List.of("create sequence if not exists " + q(name)), true);
        }
    }

    private void dropSequence(Stmt s, TokenCursor c) {
        c.acceptWords("if", "exists");
        List<String> sql = new ArrayList<>();
        do {
            sql.add("drop sequence if exists " + q(relation(c.qualifiedName())));
        } while (c.acceptSymbol(","));
        apply(s, sql, true);
    }

    private void createSchema(Stmt s, TokenCursor c) {
        c.acceptWords("if", "not", "exists");
        String name;
        if (c.acceptWords("authorization")) {
            name = c.identifier();
        } else {
            name = c.identifier();
            if (c.acceptWords("authorization")) {
                c.identifier();
            }
        }
        s.what = "CREATE SCHEMA " + name;
        schemas.add(name);
        if (!c.atEnd()) {
            unsupported(s, "CREATE SCHEMA with schema elements");
            return;
        }
        apply(s, List.of("create schema if not exists " + q(name)), false);
    }

    private void dropSchema(Stmt s, TokenCursor c) {
        boolean ifExists = c.acceptWords("if", "exists");
        List<String> names = new ArrayList<>();
        do {
            names.add(c.identifier());
        } while (c.acceptSymbol(","));
        boolean cascade = c.acceptWords("cascade");
        c.acceptWords("restrict");
        s.what = "DROP SCHEMA " + names.get(0);
        List<String> sql = new ArrayList<>();
        for (String n : names) {
            sql.add("drop schema " + (ifExists ? "if exists " : "") + q(n) + (cascade ? " cascade" : ""));
            schemas.remove(n);
            if (cascade) {
                types.keySet().removeIf(k -> k.schema().equals(n));
                functions.removeIf(f -> f.name.schema().equals(n));
            }
        }
        apply(s, sql, false, (QualifiedName[]) null);
    }

    // ----------------------------------------------------------------------------------------- types, domains

    private void createType(Stmt s, TokenCursor c) {
        QualifiedName name = creationName(c.qualifiedName());
        s.what = "CREATE TYPE " + name;
        if (c.acceptWords("as", "enum")) {
            List<String> labels = new ArrayList<>();
            for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
                if (part.size() != 1 || part.get(0).kind() != SqlToken.Kind.STRING) {
                    throw new ParseFailure("an enum label must be a string");
                }
                labels.add(part.get(0).value());
            }
            types.put(name, new EnumDef(name, labels));
        } else if (c.acceptWords("as", "range")) {
            c.group();
            types.put(name, new OtherDef(name));
            String n = name.name();
            int r = n.lastIndexOf("range");
            QualifiedName multi = QualifiedName.of(name.schema(),
                    r >= 0 ? n.substring(0, r) + "multirange" + n.substring(r + 5) : n + "_multirange");
            types.put(multi, new OtherDef(multi));
        } else if (c.acceptWords("as")) {
            c.group();
            types.put(name, new CompositeDef(name));
        } else {
            types.put(name, new OtherDef(name));
        }
    }

    private TypeDef existingType(QualifiedName name, List<String> parts) {
        if (parts.size() > 1) {
            return types.get(name);
        }
        for (String schema : searchPath) {
            TypeDef def = types.get(QualifiedName.of(schema, parts.get(0)));
            if (def != null) {
                return def;
            }
        }
        return null;
    }

    private void alterType(Stmt s, TokenCursor c) {
        List<String> parts = c.qualifiedName();
        TypeDef def = existingType(creationName(parts), parts);
        s.what = "ALTER TYPE " + creationName(parts);
        if (c.isWords("owner") || c.isWords("add", "attribute") || c.isWords("drop", "attribute")
                || c.isWords("alter", "attribute") || c.isWords("rename", "attribute") || c.isWords("set")
                && !c.isWords("set", "schema")) {
            return;
        }
        if (def == null) {
            unsupported(s, s.what + " (a type these scripts do not create)");
            return;
        }
        if (c.acceptWords("add", "value")) {
            boolean ifNotExists = c.acceptWords("if", "not", "exists");
            String label = string(c);
            if (!(def instanceof EnumDef e)) {
                throw new ParseFailure(def.name + " is not an enum");
            }
            if (e.labels.contains(label)) {
                if (!ifNotExists) {
                    throw new ParseFailure("enum label " + label + " already exists");
                }
                return;
            }
            if (c.acceptWords("before")) {
                int i = e.labels.indexOf(string(c));
                e.labels.add(Math.max(i, 0), label);
            } else if (c.acceptWords("after")) {
                int i = e.labels.indexOf(string(c));
                e.labels.add(i < 0 ? e.labels.size() : i + 1, label);
            } else {
                e.labels.add(label);
            }
        } else if (c.acceptWords("rename", "value")) {
            String from = string(c);
            c.expectWords("to");
            String to = string(c);
            if (def instanceof EnumDef e && e.labels.contains(from)) {
                e.labels.set(e.labels.indexOf(from), to);
            }
        } else if (c.acceptWords("rename", "to")) {
            rename(def, QualifiedName.of(def.name.schema(), c.identifier()));
        } else if (c.acceptWords("set", "schema")) {
            rename(def, QualifiedName.of(c.identifier(), def.name.name()));
        }
    }

    private void rename(TypeDef def, QualifiedName to) {
        types.remove(def.name);
        def.name = to;
        types.put(to, def);
    }

    private static String string(TokenCursor c) {
        SqlToken t = c.next();
        if (t.kind() != SqlToken.Kind.STRING) {
            throw new ParseFailure("expected a string but found '" + t.text() + "'");
        }
        return t.value();
    }

    private void dropTypes(TokenCursor c) {
        c.acceptWords("if", "exists");
        do {
            List<String> parts = c.qualifiedName();
            TypeDef def = existingType(creationName(parts), parts);
            if (def != null) {
                types.remove(def.name);
            }
        } while (c.acceptSymbol(","));
    }

    private void createDomain(Stmt s, TokenCursor c) {
        QualifiedName name = creationName(c.qualifiedName());
        s.what = "CREATE DOMAIN " + name;
        c.acceptWords("as");
        TypeRef base = bind(TypeSyntax.parse(c, false), s);
        DomainDef d = new DomainDef(name, base);
        while (!c.atEnd()) {
            String constraint = c.acceptWords("constraint") ? c.identifier() : null;
            if (c.acceptWords("not", "null")) {
                d.notNullConstraints.add(constraint != null ? constraint
                        : PgNames.makeObjectName(name.name(), null, "not_null"));
            } else if (c.acceptWords("null")) {
                d.notNullConstraints.clear();
            } else if (c.acceptWords("check")) {
                c.group();
            } else if (c.acceptWords("default")) {
                DdlStatements.defaultExpression(c);
            } else if (c.acceptWords("collate")) {
                c.qualifiedName();
            } else if (!c.acceptWords("not", "valid")) {
                throw new ParseFailure("unexpected " + c.describeNext());
            }
        }
        types.put(name, d);
    }

    private void alterDomain(Stmt s, TokenCursor c) {
        List<String> parts = c.qualifiedName();
        TypeDef def = existingType(creationName(parts), parts);
        s.what = "ALTER DOMAIN " + creationName(parts);
        if (!(def instanceof DomainDef d)) {
            if (!c.isWords("owner")) {
                unsupported(s, s.what + " (a domain these scripts do not create)");
            }
            return;
        }
        if (c.acceptWords("set", "not", "null")) {
            if (d.notNullConstraints.isEmpty()) {
                d.notNullConstraints.add(PgNames.makeObjectName(d.name.name(), null, "not_null"));
            }
        } else if (c.acceptWords("drop", "not", "null")) {
            d.notNullConstraints.clear();
        } else if (c.acceptWords("add")) {
            String constraint = c.acceptWords("constraint") ? c.identifier() : null;
            if (c.acceptWords("not", "null")) {
                d.notNullConstraints.add(constraint != null ? constraint
                        : PgNames.makeObjectName(d.name.name(), null, "not_null"));
            }
        } else if (c.acceptWords("drop", "constraint")) {
            c.acceptWords("if", "exists");
            d.notNullConstraints.remove(c.identifier());
        } else if (c.acceptWords("rename", "to")) {
            rename(d, QualifiedName.of(d.name.schema(), c.identifier()));
        } else if (c.acceptWords("set", "schema")) {
            rename(d, QualifiedName.of(c.identifier(), d.name.name()));
        }
    }

    private void createExtension(TokenCursor c) {
        c.acceptWords("if", "not", "exists");
        String name = c.identifier();
        String schema = creationSchema();
        c.acceptWords("with");
        while (!c.atEnd()) {
            if (c.acceptWords("schema")) {
                schema = c.identifier();
            } else {
                c.next();
            }
        }
        extensionSchemas.put(name, schema);
    }

    // ------------------------------------------------------------------------------------------------ functions

    private void createFunction(Stmt s, TokenCursor c, boolean orReplace) {
        QualifiedName name = creationName(c.qualifiedName());
        s.what = "CREATE FUNCTION " + name;
        List<ArgDef> inputs = new ArrayList<>();
        List<TypeRef> outs = new ArrayList<>();
        for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
            argument(s, new TokenCursor(part), inputs, outs);
        }
        TypeRef returns = null;
        boolean set = false;
        if (c.acceptWords("returns")) {
            if (c.acceptWords("table")) {
                set = true;
                List<TypeRef> columns = new ArrayList<>();
                for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
                    TokenCursor p = new TokenCursor(part);
                    p.identifier();
                    columns.add(bind(TypeSyntax.parse(p, false), s));
                    p.expectEnd();
                }
                returns = columns.size() == 1 ? columns.get(0)
                        : TypeRef.builtin("record", false, Optional.empty(), false, "record");
            } else {
                set = c.acceptWords("setof");
                returns = bind(TypeSyntax.parse(c, false), s);
            }
        }
        if (!outs.isEmpty()) {
            returns = outs.size() == 1 ? outs.get(0)
                    : TypeRef.builtin("record", false, Optional.empty(), false, "record");
        }
        if (returns == null) {
            throw new ParseFailure("a function needs RETURNS or OUT arguments");
        }
        FunctionDef f = new FunctionDef(name, inputs, returns, set);
        volatility(c).ifPresent(v -> f.volatility = v);
        functions.removeIf(g -> g.signature().equals(f.signature()));
        functions.add(f);
    }

    /** Parses one argument of CREATE FUNCTION: {@code [mode] [name] type [DEFAULT expr | = expr]}. */
    private void argument(Stmt s, TokenCursor p, List<ArgDef> inputs, List<TypeRef> outs) {
        String mode = mode(p);
        Optional<String> name = Optional.empty();
        int start = p.position();
        TypeSyntax type = null;
        try {
            TypeSyntax t = TypeSyntax.parse(p, false);
            if (p.atEnd() || p.isWords("default") || p.isSymbol("=")) {
                type = t;
            }
        } catch (ParseFailure e) {
            // not an unnamed argument
        }
        if (type == null) {
            p.reset(start);
            name = Optional.of(p.identifier());
            if (mode == null) {
                mode = mode(p);
            }
            type = TypeSyntax.parse(p, false);
        }
        boolean hasDefault = false;
        if (p.acceptWords("default") || p.acceptSymbol("=")) {
            hasDefault = true;
            skipRest(p);
        }
        p.expectEnd();
        TypeRef ref = bind(type, s);
        if (mode != null && mode.equals("out")) {
            outs.add(ref);
            return;
        }
        if (mode != null && mode.equals("inout")) {
            outs.add(ref);
        }
        inputs.add(new ArgDef(name, ref, hasDefault));
    }

    private static String mode(TokenCursor p) {
        for (String m : List.of("inout", "in", "out", "variadic")) {
            if (p.isWords(m) && p.peek(1) != null && !p.peek(1).isSymbol(",") && !p.peek(1).isWord("default")
                    && !p.peek(1).isSymbol("=") && !p.peek(1).isSymbol("[") && !p.peek(1).isSymbol(".")) {
                p.next();
                return m;
            }
        }
        return null;
    }

    /** The functions a DROP/ALTER FUNCTION names: {@code name [( [mode] [name] type, ... )]}. */
    private List<FunctionDef> namedFunctions(Stmt s, TokenCursor c) {
        List<String> parts = c.qualifiedName();
        List<QualifiedName> names = new ArrayList<>();
        if (parts.size() > 1) {
            names.add(creationName(parts));
        } else {
            for (String schema : searchPath) {
                names.add(QualifiedName.of(schema, parts.get(0)));
            }
        }
        String inputs = null;
        if (c.isSymbol("(")) {
            List<ArgDef> in = new ArrayList<>();
            List<TypeRef> outs = new ArrayList<>();
            for (List<SqlToken> part : TokenCursor.splitCommas(c.group())) {
                argument(s, new TokenCursor(part), in, outs);
            }
            StringBuilder sb = new StringBuilder("(");
            for (ArgDef a : in) {
                sb.append(a.type().key()).append(',');
            }
            inputs = sb.append(')').toString();
        }
        for (QualifiedName n : names) {
            List<FunctionDef> found = new ArrayList<>();
            for (FunctionDef f : functions) {
                if (f.name.equals(n) && (inputs == null || f.signature().equals(n + inputs))) {
                    found.add(f);
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private void dropFunction(Stmt s, TokenCursor c) {
        c.acceptWords("if", "exists");
        do {
            List<FunctionDef> found = namedFunctions(s, c);
            if (found.size() > 1) {
                unsupported(s, "DROP FUNCTION of an overloaded name without arguments");
                return;
            }
            functions.removeAll(found);
        } while (c.acceptSymbol(","));
    }

    private void alterFunction(Stmt s, TokenCursor c) {
        List<FunctionDef> found = namedFunctions(s, c);
        if (found.size() != 1) {
            return;
        }
        FunctionDef f = found.get(0);
        if (c.acceptWords("rename", "to")) {
            f.name = QualifiedName.of(f.name.schema(), c.identifier());
        } else if (c.acceptWords("set", "schema")) {
            f.name = QualifiedName.of(c.identifier(), f.name.name());
        } else {
            volatility(c).ifPresent(v -> f.volatility = v);
        }
    }

    /**
     * The last of the words {@code IMMUTABLE}, {@code STABLE} and {@code VOLATILE} among the rest of a CREATE or ALTER
     * FUNCTION (a function body is one string token, so its words are not seen); PostgreSQL refuses two.
     */
    private static Optional<SqlFunction.Volatility> volatility(TokenCursor c) {
        Optional<SqlFunction.Volatility> found = Optional.empty();
        while (!c.atEnd()) {
            SqlToken t = c.next();
            if (t.isWord("immutable")) {
                found = Optional.of(SqlFunction.Volatility.IMMUTABLE);
            } else if (t.isWord("stable")) {
                found = Optional.of(SqlFunction.Volatility.STABLE);
            } else if (t.isWord("volatile")) {
                found = Optional.of(SqlFunction.Volatility.VOLATILE);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------- search_path

    private void set(Stmt s, TokenCursor c) {
        c.expectWords("set");
        if (!c.acceptWords("session")) {
            c.acceptWords("local");
        }
        if (c.acceptWords("schema")) {
            setSearchPath(List.of(c.next()));
        } else if (c.acceptWords("search_path")) {
            if (!c.acceptWords("to")) {
                c.expectSymbol("=");
            }
            if (c.acceptWords("default")) {
                searchPath = List.of("public");
                return;
            }
            setSearchPath(remaining(c));
        }
    }

    private void setSearchPath(List<SqlToken> tokens) {
        List<String> path = new ArrayList<>();
        for (SqlToken t : tokens) {
            if (t.kind() == SqlToken.Kind.STRING) {
                path.addAll(splitIdentifiers(t.value()));
            } else if (t.isIdentifier()) {
                path.add(t.value());
            }
        }
        List<String> usable = new ArrayList<>();
        for (String p : path) {
            if (!p.isEmpty() && !p.equals("$user") && !p.equals("pg_catalog") && !p.startsWith("pg_temp")) {
                usable.add(p);
            }
        }
        searchPath = usable.isEmpty() ? List.of("public") : List.copyOf(usable);
    }

    /** {@code SELECT pg_catalog.set_config('search_path', '...', ...)}, as pg_dump writes. */
    private void selectSetConfig(TokenCursor c) {
        c.expectWords("select");
        List<String> name = c.qualifiedName();
        if (!name.get(name.size() - 1).equals("set_config") || !c.isSymbol("(")) {
            return;
        }
        List<List<SqlToken>> args = TokenCursor.splitCommas(c.group());
        if (args.size() >= 2 && args.get(0).size() == 1 && args.get(0).get(0).kind() == SqlToken.Kind.STRING
                && args.get(0).get(0).value().equals("search_path") && args.get(1).size() == 1
                && args.get(1).get(0).kind() == SqlToken.Kind.STRING) {
            setSearchPath(List.of(args.get(1).get(0)));
        }
    }

    /** PostgreSQL's {@code SplitIdentifierString}: a comma-separated list, double quotes keep case. */
    static List<String> splitIdentifiers(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
                out.add(p.substring(1, p.length() - 1).replace("\"\"", "\""));
            } else {
                out.add(SqlToken.foldCase(p));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- results

    /** The schema model of everything interpreted, and every diagnostic in statement order. */
    DdlSchemaReader.Result finish() {
        Meta meta = meta();
        Set<QualifiedName> allTables = new HashSet<>();
        for (Schema schema : meta.getSchemas()) {
            for (org.jooq.Table<?> t : schema.getTables()) {
                allTables.add(QualifiedName.of(schema.getName(), t.getName()));
            }
        }
        Resolver resolver = new Resolver(allTables);
        List<Table> tables = new ArrayList<>();
        for (Schema schema : meta.getSchemas()) {
            if (isHiddenSchema(schema.getName())) {
                continue;
            }
            for (org.jooq.Table<?> t : schema.getTables()) {
                tables.add(table(QualifiedName.of(schema.getName(), t.getName()), t, resolver));
            }
        }
        List<SqlFunction> fns = new ArrayList<>();
        for (FunctionDef f : functions) {
            if (isHiddenSchema(f.name.schema())) {
                continue;
            }
            List<SqlFunction.Argument> args = new ArrayList<>();
            for (ArgDef a : f.inputs) {
                args.add(new SqlFunction.Argument(a.name(), resolver.resolve(a.type()).type(), a.hasDefault()));
            }
            fns.add(new SqlFunction(f.name, args, resolver.resolve(f.returns).type(), f.returnsSet, f.volatility));
        }
        List<Reported> all = new ArrayList<>(reported);
        all.sort(Comparator.comparingInt(Reported::seq));
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Reported r : all) {
            diagnostics.add(r.diagnostic());
        }
        return new DdlSchemaReader.Result(new DatabaseSchema(tables, fns), diagnostics);
    }

    private Table table(QualifiedName name, org.jooq.Table<?> t, Resolver resolver) {
        Set<String> pkColumns = new HashSet<>();
        Optional<UniqueConstraint> pk = Optional.empty();
        if (t.getPrimaryKey() != null) {
            pk = Optional.of(new UniqueConstraint(t.getPrimaryKey().getName(), names(t.getPrimaryKey().getFields())));
            pkColumns.addAll(pk.get().columns());
        }
        List<Column> columns = new ArrayList<>();
        for (Field<?> f : t.fields()) {
            DataType<?> dt = f.getDataType();
            Resolved r = resolver.resolve(placeholderRef(f));
            boolean nullable = dt.nullable() && !r.notNull() && !pkColumns.contains(f.getName());
            columns.add(new Column(f.getName(), r.type(), nullable, dt.defaulted(), r.maxLength()));
        }
        List<UniqueConstraint> unique = new ArrayList<>();
        for (UniqueKey<?> u : t.getUniqueKeys()) {
            if (!u.getName().startsWith(INDEX_KEY)) {
                unique.add(new UniqueConstraint(u.getName(), names(u.getFields())));
            }
        }
        unique.sort(Comparator.comparing(UniqueConstraint::name).thenComparing(u -> u.columns().toString()));
        List<ForeignKey> fks = new ArrayList<>();
        for (org.jooq.ForeignKey<?, ?> fk : t.getReferences()) {
            org.jooq.Table<?> ref = fk.getKey().getTable();
            String refSchema = ref.getSchema() == null ? "" : ref.getSchema().getName();
            fks.add(new ForeignKey(fk.getName(), name, names(fk.getFields()), QualifiedName.of(refSchema,
                    ref.getName()), names(fk.getKeyFields())));
        }
        fks.sort(Comparator.comparing(ForeignKey::name).thenComparing(fk -> fk.columns().toString()));
        Table.Kind kind = Table.Kind.TABLE;
        String comment = t.getComment();
        if (comment != null && comment.startsWith(KIND_COMMENT)) {
            kind = Table.Kind.valueOf(comment.substring(KIND_COMMENT.length()).toUpperCase(java.util.Locale.ROOT));
        }
        return new Table(name, kind, columns, pk, unique, fks);
    }

    private static List<String> names(List<? extends Field<?>> fields) {
        List<String> out = new ArrayList<>();
        for (Field<?> f : fields) {
            out.add(f.getName());
        }
        return out;
    }

    /** Resolves bound types against the final schema. */
    private final class Resolver {
        final Set<QualifiedName> tables;
        final Set<String> warned = new LinkedHashSet<>();

        Resolver(Set<QualifiedName> tables) {
            this.tables = tables;
        }

        Resolved resolve(TypeRef r) {
            return resolve(r, 0);
        }

        private Resolved resolve(TypeRef r, int depth) {
            if (depth > 100) {
                throw new IllegalStateException("domains nest too deeply");
            }
            Resolved base;
            if (r.builtin != null) {
                base = new Resolved(PgType.builtin(r.builtin), false, r.array ? Optional.empty() : r.length);
            } else if (r.def instanceof EnumDef e) {
                base = new Resolved(new PgType.Enum(e.name, e.labels), false, Optional.empty());
            } else if (r.def instanceof CompositeDef) {
                base = new Resolved(new PgType.Composite(r.def.name), false, Optional.empty());
            } else if (r.def instanceof DomainDef d) {
                Resolved b = resolve(d.base, depth + 1);
                base = new Resolved(b.type(), b.notNull() || !d.notNullConstraints.isEmpty(), b.maxLength());
            } else if (r.def != null) {
                base = new Resolved(new PgType.Base(r.def.name), false, Optional.empty());
            } else {
                base = null;
                for (QualifiedName candidate : r.candidates) {
                    if (tables.contains(candidate)) {
                        base = new Resolved(new PgType.Composite(candidate), false, Optional.empty());
                        break;
                    }
                }
                if (base == null) {
                    QualifiedName n = r.candidates.get(0);
                    if (!r.extensionType && r.statement instanceof Stmt s && warned.add(s.seq + ":" + n)) {
                        notInterpreted(s, "type " + r.written + " is not created by these scripts (nor a table, nor "
                                + "a known extension type); it is taken to be " + n);
                    }
                    base = new Resolved(new PgType.Base(n), false, Optional.empty());
                }
            }
            if (r.array) {
                PgType t = base.type() instanceof PgType.Array ? base.type() : new PgType.Array(base.type());
                return new Resolved(t, false, Optional.empty());
            }
            return base;
        }
    }
}
