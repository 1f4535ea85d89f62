package dev.hasuraperms.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.hasuraperms.diagnostic.DiagnosticCode;
import dev.hasuraperms.diagnostic.Diagnostics;
import dev.hasuraperms.diagnostic.Origin;
import dev.hasuraperms.diagnostic.SourceLocation;
import dev.hasuraperms.json.JsonArray;
import dev.hasuraperms.json.JsonBoolean;
import dev.hasuraperms.json.JsonNull;
import dev.hasuraperms.json.JsonNumber;
import dev.hasuraperms.json.JsonObject;
import dev.hasuraperms.json.JsonString;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.json.ReadLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads JSON (Jackson streaming) and YAML (SnakeYAML composer with {@link SafeConstructor} and explicit
 * {@link LoaderOptions} limits) into {@link JsonValue} trees whose nodes carry their JSON path and file position.
 * Every problem is reported to a {@link Diagnostics}; the result is empty when the document could not be read.
 */
public final class TreeReaders {

    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[-+]?([0-9][0-9_]*)?\\.?[0-9_]*([eE][-+]?[0-9]+)?");
    private static final Pattern EXPONENT = Pattern.compile("[0-9][eE][-+]?[0-9]");
    private static final Pattern INCLUDE_STRING = Pattern.compile("^\\s*!include\\s+(.+?)\\s*$");

    private TreeReaders() {
    }

    // ---------------------------------------------------------------------------------------------------- JSON ---

    /**
     * Reads one JSON document.
     *
     * @param text     the document
     * @param file     the file name for locations ({@code ""} for in-memory text)
     * @param basePath the JSON path of the document's root in the assembled document
     */
    public static Optional<JsonValue> readJson(String text, String file, String basePath, ReadLimits limits,
                                               Diagnostics diagnostics) {
        return readJson(text, file, basePath, limits, diagnostics, null);
    }

    /**
     * Sees each table of exported metadata ({@code $.sources[*].tables[*]}, or {@code $.tables[*]} of versions 1 and
     * 2) as soon as it is read, and returns what the tree keeps in its place. Lets the loader turn tables into the
     * model while the rest of the document is still being parsed, so the whole tree never has to be held at once.
     */
    @FunctionalInterface
    public interface TableHook {
        JsonValue table(JsonValue table);
    }

    /** Like {@link #readJson(String, String, String, ReadLimits, Diagnostics)}, handing each table to {@code hook}. */
    public static Optional<JsonValue> readJson(String text, String file, String basePath, ReadLimits limits,
                                               Diagnostics diagnostics, TableHook hook) {
        Origin docOrigin = Origin.of(basePath, new SourceLocation(file, 1, 1));
        if (text.length() > limits.maxDocumentSize()) {
            diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, docOrigin,
                    "document has " + text.length() + " characters; the limit is " + limits.maxDocumentSize());
            return Optional.empty();
        }
        JsonFactory factory = JsonFactory.builder()
                // Interning puts every key of a hostile document into the JVM's string pool (and its cache hashes
                // with String.hashCode, which colliding keys defeat); the reader canonicalises short strings itself.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(Math.max(limits.maxDocumentSize(), 1))
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxDocumentLength(limits.maxDocumentSize())
                        .build())
                .build();
        JsonParser parser = null;
        try (JsonParser p = factory.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                diagnostics.report(DiagnosticCode.SYNTAX_ERROR, docOrigin, "the document is empty");
                return Optional.empty();
            }
            JsonReadState state = new JsonReadState(file, limits, diagnostics, hook);
            JsonValue v = state.read(p, state.root(p, basePath), hook == null ? CTX_NONE : CTX_ROOT);
            if (v == null) {
                return Optional.empty();
            }
            if (p.nextToken() != null) {
                diagnostics.report(DiagnosticCode.SYNTAX_ERROR, state.root(p, basePath),
                        "unexpected content after the end of the JSON document");
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (StreamConstraintsException e) {
            String msg = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT);
            Origin at = originOf(e, file, basePath);
            if (parser != null && !at.location().isKnown()) {
                JsonLocation loc = parser.currentLocation();
                at = Origin.of(basePath, new SourceLocation(file, Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)));
            }
            if (msg.contains("nesting depth")) {
                diagnostics.report(DiagnosticCode.NESTING_TOO_DEEP, at,
                        "document nests deeper than " + limits.maxNestingDepth() + " levels");
            } else {
                diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, at, "document exceeds a size limit: " + oneLine(msg));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            diagnostics.report(DiagnosticCode.SYNTAX_ERROR, originOf(e, file, basePath),
                    "invalid JSON: " + oneLine(e.getOriginalMessage()));
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.report(DiagnosticCode.UNREADABLE_FILE, docOrigin, oneLine(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
    }

    private static Origin originOf(JsonProcessingException e, String file, String basePath) {
        JsonLocation loc = e.getLocation();
        if (loc == null) {
            return Origin.of(basePath, new SourceLocation(file, 0, 0));
        }
        return Origin.of(basePath, new SourceLocation(file, Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)));
    }

    // Where the reader is, for the table hook: nowhere in particular, the root object, the array of sources, one
    // source, an array of tables.
    private static final int CTX_NONE = 0;
    private static final int CTX_ROOT = 1;
    private static final int CTX_SOURCES = 2;
    private static final int CTX_SOURCE = 3;
    private static final int CTX_TABLES = 4;

    private static final class JsonReadState {
        final String file;
        final ReadLimits limits;
        final Diagnostics diagnostics;
        int nodes;

        final Scratch scratch = new Scratch();
        final StringTable strings = new StringTable();
        int depth;

        final TableHook hook;

        JsonReadState(String file, ReadLimits limits, Diagnostics diagnostics, TableHook hook) {
            this.file = file;
            this.limits = limits;
            this.diagnostics = diagnostics;
            this.hook = hook;
        }

        Origin root(JsonParser p, String path) {
            return Origin.of(path, new SourceLocation(file, line(p), column(p)));
        }

        private static int line(JsonParser p) {
            return p instanceof ParserBase b ? Math.max(b.getTokenLineNr(), 0) : Math.max(p.currentTokenLocation().getLineNr(), 0);
        }

        private static int column(JsonParser p) {
            return p instanceof ParserBase b ? Math.max(b.getTokenColumnNr(), 0)
                    : Math.max(p.currentTokenLocation().getColumnNr(), 0);
        }

        /** Reads the value at the current token; null when reading must stop (diagnostic reported). */
        JsonValue read(JsonParser p, Origin origin, int ctx) throws IOException {
            if (++nodes > limits.maxNodes()) {
                diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin,
                        "document has more than " + limits.maxNodes() + " values");
                return null;
            }
            JsonToken t = p.currentToken();
            switch (t) {
                case VALUE_NULL:
                    return new JsonNull(origin);
                case VALUE_TRUE:
                    return new JsonBoolean(true, origin);
                case VALUE_FALSE:
                    return new JsonBoolean(false, origin);
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT: {
                    BigDecimal d = jsonNumber(p);
                    if (d == null) {
                        diagnostics.report(DiagnosticCode.INVALID_VALUE, origin, numberOutOfRange(p.getText()));
                        return null;
                    }
                    return new JsonNumber(d, origin);
                }
                case VALUE_STRING:
                    return new JsonString(strings.canonical(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()),
                            origin);
                case START_ARRAY: {
                    int d = depth++;
                    JsonValue[] elements = scratch.array(d);
                    int n = 0;
                    int elementCtx = ctx == CTX_SOURCES ? CTX_SOURCE : CTX_NONE;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        JsonValue v = read(p, origin.elementAt(n, line(p), column(p)), elementCtx);
                        if (v == null) {
                            return null;
                        }
                        if (ctx == CTX_TABLES) {
                            v = hook.table(v);
                        }
                        if (n == elements.length) {
                            elements = java.util.Arrays.copyOf(elements, n * 2);
                            scratch.keepArray(d, elements);
                        }
                        elements[n++] = v;
                    }
                    depth--;
                    JsonValue[] exact = java.util.Arrays.copyOf(elements, n);
                    java.util.Arrays.fill(elements, 0, n, null);
                    return JsonArray.ofArray(exact, origin);
                }
                case START_OBJECT: {
                    ObjectBuilder b = scratch.builder(depth++);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        int keyLine = line(p);
                        int keyColumn = column(p);
                        p.nextToken();
                        int memberCtx = CTX_NONE;
                        if (ctx == CTX_ROOT) {
                            memberCtx = key.equals("sources") ? CTX_SOURCES : key.equals("tables") ? CTX_TABLES : CTX_NONE;
                        } else if (ctx == CTX_SOURCE && key.equals("tables")) {
                            memberCtx = CTX_TABLES;
                        }
                        JsonValue v = read(p, origin.memberAt(key, line(p), column(p)), memberCtx);
                        if (v == null) {
                            return null;
                        }
                        if (!b.tryAdd(key, v, keyLine, keyColumn)) {
                            diagnostics.report(DiagnosticCode.DUPLICATE_KEY, origin.member(key, file, keyLine, keyColumn),
                                    "key \"" + key + "\" appears more than once in this object");
                        }
                    }
                    depth--;
                    return b.build(origin);
                }
                default:
                    diagnostics.report(DiagnosticCode.SYNTAX_ERROR, origin, "unexpected JSON token " + t);
                    return null;
            }
        }
    }

    /** The most characters one number may have, in JSON and in YAML. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * The largest exponent magnitude (as {@link BigDecimal#scale()}) a number may have: PostgreSQL's numeric input
     * refuses any exponent from {@code INT_MAX / 2} on ("value overflows numeric format"), and keeping scales below
     * it means no sum or product of two read numbers can overflow {@code BigDecimal}'s int scale.
     */
    public static final int MAX_NUMBER_SCALE = Integer.MAX_VALUE / 2 - 1;

    /**
     * The number at the parser's current token, or null when its exponent is out of range (beyond
     * {@link #MAX_NUMBER_SCALE}, or beyond what a {@link BigDecimal} holds). Never expands the digits: reading
     * {@code 1e100000000} costs what reading {@code 1e1} does.
     */
    public static BigDecimal jsonNumber(JsonParser p) throws IOException {
        BigDecimal d;
        try {
            d = p.getDecimalValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return scaleInRange(d) ? d : null;
    }

    /** Whether {@code d}'s scale is within {@link #MAX_NUMBER_SCALE} either way. */
    public static boolean scaleInRange(BigDecimal d) {
        return d.scale() <= MAX_NUMBER_SCALE && d.scale() >= -MAX_NUMBER_SCALE;
    }

    /** The one-line message for a number whose exponent is out of range, quoting at most 40 characters of it. */
    public static String numberOutOfRange(String token) {
        String t = token == null ? "" : token;
        String shown = t.length() <= 40 ? t : t.substring(0, 40) + "... (" + t.length() + " characters)";
        return "the number " + shown + " is out of range: its exponent is too large (PostgreSQL's numeric holds at"
                + " most 131072 digits before the decimal point and 16383 after)";
    }

    /**
     * Collects an object's members, then copies them into exactly sized arrays. Reused: one per nesting depth.
     * Duplicate keys are found with a hash set once an object has more than a few keys, so an object with n keys
     * costs O(n), not O(n^2); the set hashes with {@link HashKeys}, so keys chosen to share a hash code cost no more.
     */
    private static final class ObjectBuilder {
        private static final int LINEAR_SCAN = 16;

        String[] keys = new String[16];
        JsonValue[] values = new JsonValue[16];
        long[] positions = new long[16];
        int n;
        /** The keys so far, once there are more than {@link #LINEAR_SCAN}; null below that (then scanned). */
        java.util.HashSet<Object> seen;

        ObjectBuilder reset() {
            n = 0;
            seen = null;
            return this;
        }

        /** Adds the member unless the key is already there (then returns false and keeps the first value). */
        boolean tryAdd(String key, JsonValue v, int line, int column) {
            if (seen != null) {
                if (!seen.add(HashKeys.of(key))) {
                    return false;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (keys[i].equals(key)) {
                        return false;
                    }
                }
            }
            add(key, v, line, column);
            return true;
        }

        private void add(String key, JsonValue v, int line, int column) {
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
                positions = java.util.Arrays.copyOf(positions, n * 2);
            }
            keys[n] = key;
            values[n] = v;
            positions[n] = JsonObject.position(line, column);
            n++;
            if (seen == null && n > LINEAR_SCAN) {
                seen = new java.util.HashSet<>(n * 4);
                for (int i = 0; i < n; i++) {
                    seen.add(HashKeys.of(keys[i]));
                }
            }
        }

        JsonObject build(Origin origin) {
            JsonObject o = JsonObject.ofArrays(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(values, n),
                    java.util.Arrays.copyOf(positions, n), origin);
            java.util.Arrays.fill(values, 0, n, null);
            seen = null;
            return o;
        }
    }

    /** Builders (and array scratch space) per nesting depth, reused across the objects of one document. */
    private static final class Scratch {
        private final java.util.ArrayList<ObjectBuilder> builders = new java.util.ArrayList<>();
        private final java.util.ArrayList<JsonValue[]> arrays = new java.util.ArrayList<>();

        ObjectBuilder builder(int depth) {
            while (builders.size() <= depth) {
                builders.add(new ObjectBuilder());
            }
            return builders.get(depth).reset();
        }

        JsonValue[] array(int depth) {
            while (arrays.size() <= depth) {
                arrays.add(new JsonValue[16]);
            }
            return arrays.get(depth);
        }

        void keepArray(int depth, JsonValue[] grown) {
            arrays.set(depth, grown);
        }
    }

    // ---------------------------------------------------------------------------------------------------- YAML ---

    /**
     * Reads one YAML document. {@code !include} (as a tag, or as a string that starts with {@code !include}) is
     * handed to {@code includes}; when includes are disabled such strings stay strings and a tag is an error.
     */
    public static Optional<JsonValue> readYaml(String text, String file, String basePath, ReadLimits limits,
                                               IncludeResolver includes, Diagnostics diagnostics) {
        return readYaml(text, file, basePath, new ReadBudget(limits), includes, diagnostics);
    }

    /**
     * Like {@link #readYaml(String, String, String, ReadLimits, IncludeResolver, Diagnostics)}, counting values and
     * alias expansion against {@code budget}, which the files of one metadata directory share.
     */
    public static Optional<JsonValue> readYaml(String text, String file, String basePath, ReadBudget budget,
                                               IncludeResolver includes, Diagnostics diagnostics) {
        ReadLimits limits = budget.limits();
        Origin docOrigin = Origin.of(basePath, new SourceLocation(file, 1, 1));
        if (budget.exhausted()) {
            return Optional.empty();
        }
        if (text.length() > limits.maxDocumentSize()) {
            diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, docOrigin,
                    "document has " + text.length() + " characters; the limit is " + limits.maxDocumentSize());
            return Optional.empty();
        }
        LoaderOptions options = loaderOptions(limits);
        StreamReader stream = new StreamReader(text);
        AliasCountingParser parser = new AliasCountingParser(new ParserImpl(stream, options));
        Node root;
        try {
            root = new Composer(parser, RESOLVER, options).getSingleNode();
        } catch (MarkedYAMLException e) {
            reportYamlException(e, e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(),
                    file, basePath, limits, diagnostics);
            return Optional.empty();
        } catch (YAMLException e) {
            reportYamlException(e, streamMark(stream), file, basePath, limits, diagnostics);
            return Optional.empty();
        } catch (RuntimeException e) {
            // SnakeYAML lets a few malformed inputs escape as plain runtime exceptions (a truncated unicode escape is a
            // NumberFormatException, for one): they are syntax errors all the same, at the reader's position.
            reportYamlException(new YAMLException(e.getClass().getSimpleName() + ": " + e.getMessage()),
                    streamMark(stream), file, basePath, limits, diagnostics);
            return Optional.empty();
        }
        if (root == null) {
            return Optional.of(new JsonNull(docOrigin));
        }
        YamlConverter converter = new YamlConverter(file, budget, includes, diagnostics, options);
        Origin rootOrigin = converter.rootOrigin(root, basePath);
        if (parser.aliases > 0 && !converter.checkExpansion(root, rootOrigin)) {
            return Optional.empty();
        }
        return Optional.ofNullable(converter.convert(root, rootOrigin, 0));
    }

    /** SnakeYAML's resolver (YAML 1.1 implicit types), shared: it is not changed after construction. */
    private static final Resolver RESOLVER = new FastResolver();

    /**
     * SnakeYAML's resolver, answering {@code str} at once for a plain scalar that starts with an ASCII letter or
     * {@code _} and is longer than five characters: every implicit type that can start with a letter is a word of at
     * most five ({@code false}, {@code null}, {@code yes}, {@code off}, ...). Saves a regular expression per key
     * ({@code table}, {@code filter}, {@code owner_id} all start with a letter that a boolean or null can start with).
     */
    static final class FastResolver extends Resolver {
        @Override
        public Tag resolve(org.yaml.snakeyaml.nodes.NodeId kind, String value, boolean implicit) {
            if (kind == org.yaml.snakeyaml.nodes.NodeId.scalar && implicit && value.length() > 5) {
                char c = value.charAt(0);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                    return Tag.STR;
                }
            }
            return super.resolve(kind, value, implicit);
        }
    }

    private static Mark streamMark(StreamReader stream) {
        try {
            return stream.getMark();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Counts the aliases the composer meets, so a document without any skips the expansion check. */
    private static final class AliasCountingParser implements Parser {
        private final Parser parser;
        int aliases;

        AliasCountingParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = parser.getEvent();
            if (e instanceof AliasEvent) {
                aliases++;
            }
            return e;
        }
    }

    static LoaderOptions loaderOptions(ReadLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxDocumentSize());
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        options.setWarnOnDuplicateKeys(false);
        return options;
    }

    private static void reportYamlException(YAMLException e, Mark mark, String file, String basePath,
                                            ReadLimits limits, Diagnostics diagnostics) {
        String msg = String.valueOf(e instanceof MarkedYAMLException m ? m.getProblem() : e.getMessage());
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        SourceLocation loc = mark == null ? new SourceLocation(file, 0, 0)
                : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
        Origin origin = Origin.of(basePath, loc);
        if (lower.contains("number of aliases")) {
            diagnostics.report(DiagnosticCode.TOO_MANY_ALIASES, origin,
                    "document uses more than " + limits.maxAliases() + " aliases to collections");
        } else if (lower.contains("nesting depth")) {
            diagnostics.report(DiagnosticCode.NESTING_TOO_DEEP, origin,
                    "document nests deeper than " + limits.maxNestingDepth() + " levels");
        } else if (lower.contains("exceeds the limit")) {
            diagnostics.report(DiagnosticCode.DOCUMENT_TOO_LARGE, origin,
                    "document has more than " + limits.maxDocumentSize() + " characters");
        } else {
            diagnostics.report(DiagnosticCode.SYNTAX_ERROR, origin, "invalid YAML: " + oneLine(msg));
        }
    }

    /** A tag as written: {@code !!int} for YAML's own, cut to 60 characters. */
    static String shortTag(Tag tag) {
        String v = tag.getValue();
        return cut(v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v);
    }

    /** At most 60 characters of {@code s}, for a message. */
    static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        return s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Exposes SafeConstructor's scalar construction for the YAML 1.1 forms we do not parse ourselves. */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor(LoaderOptions options) {
            super(options);
        }

        Object constructValue(ScalarNode node) {
            return constructObject(node);
        }
    }

    private static final class YamlConverter {
        final String file;
        final ReadLimits limits;
        final ReadBudget budget;
        final IncludeResolver includes;
        final Diagnostics diagnostics;
        final LoaderOptions options;
        ScalarConstructor scalars;
        // Small at first: a metadata directory has thousands of small files, each read with its own table.
        final StringTable strings = new StringTable(64);
        final Scratch scratch = new Scratch();
        boolean failed;

        YamlConverter(String file, ReadBudget budget, IncludeResolver includes, Diagnostics diagnostics,
                      LoaderOptions options) {
            this.file = file;
            this.budget = budget;
            this.limits = budget.limits();
            this.includes = includes;
            this.diagnostics = diagnostics;
            this.options = options;
        }

        Origin rootOrigin(Node node, String path) {
            Mark m = node.getStartMark();
            return Origin.of(path, m == null ? new SourceLocation(file, 0, 0)
                    : new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1));
        }

        private int line(Node node) {
            Mark m = node.getStartMark();
            return m == null ? 0 : m.getLine() + 1;
        }

        private int column(Node node) {
            Mark m = node.getStartMark();
            return m == null ? 0 : m.getColumn() + 1;
        }

        /**
         * Measures the document as it would be once its aliases are expanded, without expanding anything: each
         * collection is measured once (aliases share the composed node), so this is linear in the composed graph.
         * False (reported) when the expansion is over the budget, nests too deep or an alias refers to a collection
         * that contains it.
         */
        boolean checkExpansion(Node root, Origin origin) {
            java.util.IdentityHashMap<Node, long[]> measured = new java.util.IdentityHashMap<>();
            long[] composed = {0};
            long total = measure(root, 0, measured, composed, origin);
            if (total < 0) {
                return false;
            }
            return budget.aliasExpansion(diagnostics, origin, total - composed[0], total);
        }

        private static final long[] IN_PROGRESS = new long[0];

        /** Values under {@code node} once expanded, saturated at Long.MAX_VALUE; -1 when reported. */
        private long measure(Node node, int depth, java.util.IdentityHashMap<Node, long[]> measured, long[] composed,
                             Origin origin) {
            if (node instanceof ScalarNode) {
                return 1;
            }
            long[] known = measured.get(node);
            if (known == IN_PROGRESS) {
                fail(DiagnosticCode.SYNTAX_ERROR, Origin.of(origin.jsonPath(), new SourceLocation(file, line(node),
                        column(node))), "a YAML alias refers to a collection that contains it (recursive alias)");
                return -1;
            }
            if (known != null) {
                if (depth + known[1] > limits.maxNestingDepth()) {
                    fail(DiagnosticCode.NESTING_TOO_DEEP, origin, "document nests deeper than "
                            + limits.maxNestingDepth() + " levels (YAML aliases included)");
                    return -1;
                }
                return known[0];
            }
            if (depth > limits.maxNestingDepth()) {
                fail(DiagnosticCode.NESTING_TOO_DEEP, origin, "document nests deeper than "
                        + limits.maxNestingDepth() + " levels (YAML aliases included)");
                return -1;
            }
            measured.put(node, IN_PROGRESS);
            long size = 1;
            long height = 0;
            composed[0]++;
            List<Node> children = new ArrayList<>();
            if (node instanceof SequenceNode seq) {
                children.addAll(seq.getValue());
            } else if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    children.add(t.getValueNode());
                }
            }
            for (Node child : children) {
                long n = measure(child, depth + 1, measured, composed, origin);
                if (n < 0) {
                    return -1;
                }
                if (!(child instanceof ScalarNode)) {
                    height = Math.max(height, measured.get(child)[1] + 1);
                } else {
                    composed[0]++;
                }
                size = size + n < 0 ? Long.MAX_VALUE : size + n;
            }
            measured.put(node, new long[] {size, height});
            return size;
        }

        JsonValue convert(Node node, Origin origin, int depth) {
            if (failed) {
                return null;
            }
            if (!budget.node(diagnostics, origin)) {
                failed = true;
                return null;
            }
            if (depth > limits.maxNestingDepth()) {
                fail(DiagnosticCode.NESTING_TOO_DEEP, origin,
                        "document nests deeper than " + limits.maxNestingDepth() + " levels (YAML aliases included)");
                return null;
            }
            if (node instanceof ScalarNode s) {
                return scalar(s, origin);
            }
            if (node instanceof SequenceNode seq) {
                if (isIncludeTag(node)) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "!include takes a file name, not a list");
                    return null;
                }
                if (!Tag.SEQ.equals(node.getTag())) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "unsupported YAML tag " + shortTag(node.getTag())
                            + " on a sequence");
                    return null;
                }
                // Every node of this file is in this file: elementAt and memberAt skip looking up the parent's file.
                List<Node> children = seq.getValue();
                JsonValue[] elements = new JsonValue[children.size()];
                int i = 0;
                for (Node child : children) {
                    Mark m = child.getStartMark();
                    JsonValue v = convert(child, origin.elementAt(i, m == null ? 0 : m.getLine() + 1,
                            m == null ? 0 : m.getColumn() + 1), depth + 1);
                    if (v == null) {
                        return null;
                    }
                    elements[i++] = v;
                }
                return JsonArray.ofArray(elements, origin);
            }
            MappingNode map = (MappingNode) node;
            if (isIncludeTag(node)) {
                fail(DiagnosticCode.SYNTAX_ERROR, origin, "!include takes a file name, not a mapping");
                return null;
            }
            if (!Tag.MAP.equals(node.getTag())) {
                fail(DiagnosticCode.SYNTAX_ERROR, origin, "unsupported YAML tag " + shortTag(node.getTag())
                        + " on a mapping");
                return null;
            }
            ObjectBuilder b = scratch.builder(depth);
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode ks)) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin.member("?", file, line(keyNode), column(keyNode)),
                            "mapping keys must be scalars");
                    return null;
                }
                String key = strings.canonical(ks.getValue());
                if (Tag.MERGE.equals(ks.getTag())) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin.memberAt(key, line(keyNode), column(keyNode)),
                            "YAML merge keys (<<) are not supported");
                    return null;
                }
                Node valueNode = tuple.getValueNode();
                JsonValue v = convert(valueNode, origin.memberAt(key, line(valueNode), column(valueNode)), depth + 1);
                if (v == null) {
                    return null;
                }
                if (!b.tryAdd(key, v, line(keyNode), column(keyNode))) {
                    diagnostics.report(DiagnosticCode.DUPLICATE_KEY, origin.memberAt(key, line(keyNode), column(keyNode)),
                            "key \"" + key + "\" appears more than once in this mapping");
                }
            }
            return b.build(origin);
        }

        private boolean isIncludeTag(Node node) {
            return "!include".equals(node.getTag().getValue());
        }

        private void fail(DiagnosticCode code, Origin origin, String message) {
            diagnostics.report(code, origin, message);
            failed = true;
        }

        private JsonValue include(String target, Origin origin) {
            String t = target.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            Optional<JsonValue> v = includes.include(t, origin, origin.jsonPath());
            // The resolver reported why; keep a placeholder so the rest of the document is still read.
            return v.orElseGet(() -> new JsonNull(origin));
        }

        private JsonValue scalar(ScalarNode s, Origin origin) {
            String text = s.getValue();
            Tag tag = s.getTag();
            if ("!include".equals(tag.getValue())) {
                if (!includes.enabled()) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "!include is only allowed in a metadata directory");
                    return null;
                }
                return include(text, origin);
            }
            if (Tag.STR.equals(tag)) {
                if (includes.enabled() && text.contains("!include")) {
                    var m = INCLUDE_STRING.matcher(text);
                    if (m.matches()) {
                        return include(m.group(1), origin);
                    }
                }
                return new JsonString(strings.canonical(text), origin);
            }
            if (Tag.NULL.equals(tag)) {
                return new JsonNull(origin);
            }
            if (Tag.BOOL.equals(tag)) {
                Object o = construct(s, origin);
                if (o instanceof Boolean b) {
                    return new JsonBoolean(b, origin);
                }
                if (o != null) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "\"" + text + "\" is not a YAML boolean");
                }
                return null;
            }
            if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) && text.length() > MAX_NUMBER_LENGTH) {
                // As for JSON (Jackson's maxNumberLength): parsing a number is superlinear in its digits.
                fail(DiagnosticCode.DOCUMENT_TOO_LARGE, origin, "a number has " + text.length()
                        + " characters; the limit is " + MAX_NUMBER_LENGTH);
                return null;
            }
            if (Tag.INT.equals(tag)) {
                if (DECIMAL_INT.matcher(text).matches()) {
                    return new JsonNumber(new BigDecimal(text.replace("_", "")), origin);
                }
                Object o = construct(s, origin);
                if (o instanceof Number n) {
                    return new JsonNumber(new BigDecimal(n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue())), origin);
                }
                if (o != null) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "\"" + text + "\" is not a YAML integer");
                }
                return null;
            }
            if (Tag.FLOAT.equals(tag)) {
                String cleaned = text.replace("_", "");
                if (DECIMAL_FLOAT.matcher(text).matches()) {
                    BigDecimal d = null;
                    try {
                        d = new BigDecimal(cleaned.startsWith("+") ? cleaned.substring(1) : cleaned);
                    } catch (NumberFormatException e) {
                        // fall through to SnakeYAML's own reading (sexagesimal and the like), unless the exponent
                        // is what BigDecimal could not hold: SnakeYAML's double would read it as 0 or infinity
                        if (EXPONENT.matcher(cleaned).find()) {
                            fail(DiagnosticCode.INVALID_VALUE, origin, numberOutOfRange(text));
                            return null;
                        }
                    }
                    if (d != null) {
                        if (!scaleInRange(d)) {
                            fail(DiagnosticCode.INVALID_VALUE, origin, numberOutOfRange(text));
                            return null;
                        }
                        return new JsonNumber(d, origin);
                    }
                }
                Object o = construct(s, origin);
                if (o instanceof Double d) {
                    if (d.isNaN() || d.isInfinite()) {
                        fail(DiagnosticCode.SYNTAX_ERROR, origin, "\"" + text + "\" has no JSON equivalent");
                        return null;
                    }
                    return new JsonNumber(BigDecimal.valueOf(d), origin);
                }
                if (o != null) {
                    fail(DiagnosticCode.SYNTAX_ERROR, origin, "\"" + text + "\" is not a YAML float");
                }
                return null;
            }
            if (Tag.TIMESTAMP.equals(tag)) {
                // Kept as written (JSON has no timestamps), once SnakeYAML agrees it is one.
                return construct(s, origin) == null ? null : new JsonString(text, origin);
            }
            if (Tag.BINARY.equals(tag)) {
                return construct(s, origin) == null ? null : new JsonString(text.replaceAll("\\s", ""), origin);
            }
            fail(DiagnosticCode.SYNTAX_ERROR, origin, "unsupported YAML tag " + shortTag(tag));
            return null;
        }

        private Object construct(ScalarNode s, Origin origin) {
            Object o;
            try {
                if (scalars == null) {
                    // Built only for the YAML 1.1 forms read by SnakeYAML (it registers many constructors).
                    scalars = new ScalarConstructor(options);
                }
                o = scalars.constructValue(s);
            } catch (RuntimeException e) {
                // YAMLException, and the NumberFormatException or IllegalArgumentException SnakeYAML's scalar
                // constructors throw for "!!int abc", "!!float abc" or bad base64 under "!!binary".
                String why = oneLine(e.getMessage());
                fail(DiagnosticCode.SYNTAX_ERROR, origin, "invalid YAML scalar " + shortTag(s.getTag()) + " \""
                        + cut(s.getValue()) + "\": " + (why.length() > 200 ? why.substring(0, 200) + "..." : why));
                return null;
            }
            if (o == null) {
                fail(DiagnosticCode.SYNTAX_ERROR, origin, "invalid YAML scalar " + shortTag(s.getTag()) + " \""
                        + cut(s.getValue()) + "\"");
            }
            return o;
        }
    }
}
