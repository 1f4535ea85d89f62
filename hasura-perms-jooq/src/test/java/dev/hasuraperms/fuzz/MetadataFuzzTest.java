package dev.hasuraperms.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hasuraperms.check.CheckResult;
import dev.hasuraperms.check.CheckedPermissions;
import dev.hasuraperms.check.PermissionChecker;
import dev.hasuraperms.check.PermissionRule;
import dev.hasuraperms.check.SelectRule;
import dev.hasuraperms.diagnostic.Diagnostic;
import dev.hasuraperms.diagnostic.HasuraPermsException;
import dev.hasuraperms.fuzz.FuzzCorpus.Kind;
import dev.hasuraperms.fuzz.FuzzCorpus.Seed;
import dev.hasuraperms.fuzz.FuzzTree.Arr;
import dev.hasuraperms.fuzz.FuzzTree.Member;
import dev.hasuraperms.fuzz.FuzzTree.Node;
import dev.hasuraperms.fuzz.FuzzTree.Obj;
import dev.hasuraperms.fuzz.FuzzTree.Raw;
import dev.hasuraperms.jdbc.CompiledPredicate;
import dev.hasuraperms.jdbc.JdbcPermissions;
import dev.hasuraperms.jooq.JooqPermissions;
import dev.hasuraperms.json.Json;
import dev.hasuraperms.json.JsonValue;
import dev.hasuraperms.metadata.LoadResult;
import dev.hasuraperms.metadata.Metadata;
import dev.hasuraperms.metadata.MetadataLoader;
import dev.hasuraperms.boolexp.SessionVariable;
import dev.hasuraperms.session.JwtClaimsConfig;
import dev.hasuraperms.session.Session;
import dev.hasuraperms.testing.Fixtures;
import dev.hasuraperms.types.PgType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's fuzz test: mutated metadata documents (from every fixture: exported JSON, YAML files, metadata-API
 * operations, CLI directories, Hasura's own test setups) are loaded, checked against their fixture's schema, compiled
 * for every role and operation by the JDBC (and jOOQ) backends and bound with hostile session values; caller filters
 * and JWT claims go through {@link Json#parse}. Every outcome must be a success, a diagnostic or a typed refusal (a
 * {@link HasuraPermsException}; {@link IllegalArgumentException} only where the API documents it: building a
 * {@link Session}). Anything else — another exception, an {@link Error}, an input still running after the hang guard —
 * is a failure, written with its seed and index to {@code target/fuzz-failures/}.
 *
 * <p>Seeded and replayable; system properties:
 * <ul>
 *   <li>{@code hasura.perms.fuzz.count} (default 10,000): how many mutated documents;</li>
 *   <li>{@code hasura.perms.fuzz.seed} (default {@value #DEFAULT_SEED}; {@code random} draws one): the run's seed;</li>
 *   <li>{@code hasura.perms.fuzz.index} ({@code 1234} or {@code 1000-1999}): replay only these inputs of the run;</li>
 *   <li>{@code hasura.perms.fuzz.threads} (default min(2, processors)), {@code hasura.perms.fuzz.hangSeconds}
 *       (default 30), {@code hasura.perms.fuzz.maxHangs} (default 3: the run stops after so many hung inputs).</li>
 * </ul>
 * Timings are reported (percentiles, the slowest inputs), never asserted.
 */
class MetadataFuzzTest {

    static final long DEFAULT_SEED = 20261207L;

    /** Session values: plausible ones, numbers in exponent form, long text, surrogates, NUL, hostile patterns. */
    static final List<String> SESSION_VALUES = List.of("1", "0", "-1", "42", "true", "false", "a", "Ann", "",
            "00000000-0000-0000-0000-000000000000", "{1,2}", "{}", "{\"a\": 1}", "{\"a\",\"b\"}", "2020-01-01",
            "2020-01-01T00:00:00Z", "1e999999999", "-1e999999999", "1e-2147483648", "1e100000000", "1E+400", "1e5",
            "9".repeat(200), "-9223372036854775809", "0." + "0".repeat(500) + "1", "NaN", "Infinity", "1.5",
            "x".repeat(100_000), "a\u0000b", "\ud800", "x\udc00y", "\u00e9\u4e2d\ud83d\ude00", "(a{1,10}){1,10}$",
            "(" .repeat(1000), "[", "\\", "%", "_%", "(a|b)*".repeat(17_000), "{" + "1,".repeat(20_000) + "1}",
            "{{1},{2}}", "{1,NULL}", "{\"\\ud800\"}", "' OR '1'='1", "$1", "?", "null", "a\nb", "   1   ");

    /**
     * How a mutant reaches the library: exported JSON text, a YAML file, metadata-API operations on the seed's
     * metadata, a CLI directory with mutated files, JWT claims alone, or REQUEST: the seed's own (unmutated) checked
     * permissions compiled and bound with hostile sessions and mutated caller filters.
     */
    enum Form { JSON, YAML, API, DIRECTORY, JWT, REQUEST }

    /** SKIPPED: the fuzzer could not build the input (its own recursion over a very deep tree). */
    enum Result { SUCCESS, DIAGNOSTIC, REFUSAL, SKIPPED }

    /** An unhandled exception: the failure this test is about. */
    static final class Unhandled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String stage;

        Unhandled(String stage, Throwable cause) {
            super(stage + ": " + cause, cause);
            this.stage = stage;
        }
    }

    /** One input's run, shared with the watchdog. */
    static final class Task {
        final int index;
        volatile long startNanos;
        volatile long nanos;
        volatile Thread thread;
        volatile Form form;
        volatile String seedName = "";
        volatile String stage = "generate";
        volatile Map<String, String> input = Map.of();
        volatile Result result;
        volatile Throwable failure;
        int refusals;
        /** Library frames on top of the worker's stack, sampled by the watchdog about once a second while it runs. */
        final Map<String, Integer> samples = new java.util.concurrent.ConcurrentHashMap<>();

        String hotFrame() {
            return samples.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> e.getKey() + " (" + e.getValue() + "/" + samples.values().stream().mapToInt(i -> i).sum()
                            + " samples)").orElse("");
        }

        Task(int index) {
            this.index = index;
        }
    }

    @TempDir
    Path work;

    @Test
    void mutatedDocumentsNeverCrashOrHang() throws Exception {
        long seed = seed();
        int count = Integer.getInteger("hasura.perms.fuzz.count", 10_000);
        int[] range = range(count);
        int threads = Integer.getInteger("hasura.perms.fuzz.threads",
                Math.min(2, Runtime.getRuntime().availableProcessors()));
        long hangNanos = TimeUnit.SECONDS.toNanos(Integer.getInteger("hasura.perms.fuzz.hangSeconds", 30));
        int maxHangs = Integer.getInteger("hasura.perms.fuzz.maxHangs", 3);
        Path fixtures = Fixtures.projectRoot().resolve("fixtures");
        List<Seed> seeds = FuzzCorpus.load(fixtures);
        log("fuzz: seed=%d count=%d inputs=%d..%d threads=%d seeds=%d (replay one input with "
                + "-Dhasura.perms.fuzz.seed=%d -Dhasura.perms.fuzz.index=<i>)", seed, count, range[0], range[1] - 1,
                threads, seeds.size(), seed);

        Inputs inputs = new Inputs(seeds, seed, work);
        List<Task> done = new ArrayList<>();
        List<Task> failures = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Task> cs = new ExecutorCompletionService<>(pool);
        Map<Future<Task>, Task> inFlight = new LinkedHashMap<>();
        long start = System.nanoTime();
        int next = range[0];
        int hangs = 0;
        long lastCheck = System.nanoTime();
        try {
            while ((next < range[1] && hangs < maxHangs) || !inFlight.isEmpty()) {
                while (inFlight.size() < threads && next < range[1] && hangs < maxHangs) {
                    Task t = new Task(next++);
                    inFlight.put(cs.submit(() -> inputs.run(t)), t);
                }
                Future<Task> f = cs.poll(1, TimeUnit.SECONDS);
                if (f != null) {
                    Task t = inFlight.remove(f);
                    if (t != null) { // else an abandoned (hung) input that finished after all
                        done.add(t);
                        if (t.failure != null) {
                            failures.add(t);
                        }
                    }
                }
                long now = System.nanoTime();
                if (f != null && now - lastCheck < TimeUnit.SECONDS.toNanos(1)) {
                    continue;
                }
                // about once a second, whether or not other inputs complete: sample, and stop hung inputs
                lastCheck = now;
                for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    Task t = e.getValue();
                    sample(t);
                    if (t.startNanos != 0 && t.nanos == 0 && now - t.startNanos > hangNanos) {
                        Thread th = t.thread;
                        HangException hang = new HangException(t.stage, now - t.startNanos, t.hotFrame());
                        if (th != null) {
                            hang.setStackTrace(th.getStackTrace());
                        }
                        t.failure = new Unhandled(t.stage, hang);
                        t.nanos = now - t.startNanos;
                        failures.add(t);
                        done.add(t);
                        hangs++;
                        e.getKey().cancel(true);
                        stop(th);
                        it.remove();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        String report = report(seed, done, failures, wall, threads, hangs >= maxHangs);
        log("%s", report);
        writeFailures(seed, failures);
        if (!System.getProperty("hasura.perms.fuzz.index", "").isBlank()) {
            writeInputs(seed, done);
        }
        assertThat(failures).as("unhandled exceptions or hangs (see the report above and target/fuzz-failures/):\n%s",
                report).isEmpty();
        assertThat(done).as("every input ran").hasSize(range[1] - range[0]);
    }

    /** Records the library frame a running input's worker is in (inputs running for more than half a second). */
    static void sample(Task t) {
        Thread th = t.thread;
        if (th == null || t.startNanos == 0 || System.nanoTime() - t.startNanos < 500_000_000L || t.nanos != 0) {
            return;
        }
        Arrays.stream(th.getStackTrace()).filter(f -> f.getClassName().startsWith("dev.hasuraperms")
                        && !f.getClassName().startsWith("dev.hasuraperms.fuzz")).findFirst()
                .ifPresent(f -> t.samples.merge(f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName()
                        + ":" + f.getLineNumber(), 1, Integer::sum));
    }

    /** Thrown in place of an input still running after the hang guard; its stack is the worker's. */
    static final class HangException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final String hot;

        HangException(String stage, long nanos, String hot) {
            super("still running after " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms in " + stage + "; hot frame "
                    + hot);
            this.hot = hot;
        }
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /** Generates and runs input number {@code index} of a run; all randomness comes from (seed, index). */
    static final class Inputs {
        private final List<Seed> seeds;
        private final long seed;
        private final Path work;
        private final MetadataLoader loader = MetadataLoader.defaults();
        private final Map<String, Optional<CheckedPermissions>> checkedSeeds =
                new java.util.concurrent.ConcurrentHashMap<>();

        Inputs(List<Seed> seeds, long seed, Path work) {
            this.seeds = seeds;
            this.seed = seed;
            this.work = work;
        }

        Task run(Task t) throws IOException {
            t.thread = Thread.currentThread();
            Path dir = work.resolve("i" + t.index);
            Files.createDirectories(dir);
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t.index);
            Mutator m = new Mutator(r);
            Seed s = m.pick(seeds);
            t.seedName = s.name();
            t.startNanos = System.nanoTime();
            try {
                t.result = runInput(t, s, m, dir);
            } catch (StackOverflowError e) {
                if (!t.stage.equals("generate")) {
                    t.failure = new Unhandled(t.stage, e);
                } else { // the fuzzer's own recursion over a mutated tree, not the library's
                    t.result = Result.SKIPPED;
                }
            } catch (Unhandled u) {
                if (t.failure == null) { // not already recorded as a hang
                    t.failure = u;
                }
            } catch (Throwable e) { // the generator itself, or a stage not wrapped: still a failure of the input
                if (t.failure == null) {
                    t.failure = new Unhandled(t.stage, e);
                }
            } finally {
                t.nanos = System.nanoTime() - t.startNanos;
                try {
                    deleteTree(dir);
                } catch (UncheckedIOException e) {
                    log("fuzz: could not delete %s: %s", dir, e.getMessage());
                }
            }
            return t;
        }

        private Result runInput(Task t, Seed s, Mutator m, Path dir) throws IOException {
            Form form;
            int p = m.random().nextInt(100);
            if (s.kind() == Kind.DIRECTORY) {
                form = p < 85 ? Form.DIRECTORY : Form.REQUEST;
            } else {
                form = p < 30 ? Form.JSON : p < 55 ? Form.YAML : p < 80 ? Form.API : p < 85 ? Form.JWT : Form.REQUEST;
            }
            Node tree = s.tree().map(FuzzTree::of).orElse(null);
            if (form == Form.REQUEST) {
                Optional<CheckedPermissions> base = checkedSeeds.computeIfAbsent(s.name(), k ->
                        PermissionChecker.check(s.base(), s.schema()).permissions());
                if (base.isPresent() && !base.get().rules().isEmpty()) {
                    t.form = form;
                    t.input = Map.of();
                    compileAndBind(t, base.get(), m, tree, 6);
                    return t.refusals > 0 ? Result.REFUSAL : Result.SUCCESS;
                }
                form = s.kind() == Kind.DIRECTORY ? Form.DIRECTORY : Form.JSON;
            }
            t.form = form;
            LoadResult loaded;
            switch (form) {
                case JSON -> {
                    String text = tree == null ? m.mutateJsonText(s.text())
                            : textMaybe(m, FuzzTree.toJson(m.mutateTree(tree)), false);
                    t.input = Map.of("input.json", text);
                    t.stage = "load JSON";
                    loaded = unhandled(t.stage, () -> loader.tryLoadJson(text, "input.json"));
                }
                case YAML -> {
                    String text = tree == null ? m.mutateYamlText(s.text())
                            : textMaybe(m, FuzzTree.toYaml(m.mutateTree(tree)), true);
                    t.input = Map.of("input.yaml", text);
                    Path f = dir.resolve("input.yaml");
                    write(f, text, m);
                    t.stage = "load YAML";
                    loaded = unhandled(t.stage, () -> loader.tryLoad(f));
                }
                case API -> {
                    Node ops = tree == null ? null : m.mutateTree(operations(tree, m));
                    String text = ops == null ? m.mutateJsonText(s.text()) : textMaybe(m, FuzzTree.toJson(ops), false);
                    t.input = Map.of("operations.json", text);
                    t.stage = "apply metadata-API operations";
                    loaded = unhandled(t.stage, () -> loader.tryApplyOperations(s.base(), text, "operations.json"));
                }
                case DIRECTORY -> {
                    Map<String, String> files = new TreeMap<>(s.files());
                    List<String> yamls = files.keySet().stream().filter(n -> n.endsWith(".yaml")).toList();
                    String victim = yamls.isEmpty() ? files.keySet().iterator().next() : m.pick(yamls);
                    files.put(victim, mutateFile(files.get(victim), m));
                    if (m.chance(20)) { // a second file
                        String other = m.pick(new ArrayList<>(files.keySet()));
                        files.put(other, mutateFile(files.get(other), m));
                    }
                    t.input = files;
                    Path root = dir.resolve("metadata");
                    for (var e : files.entrySet()) {
                        Path f = root.resolve(e.getKey());
                        Files.createDirectories(f.getParent());
                        write(f, e.getValue(), m);
                    }
                    t.stage = "load directory";
                    loaded = unhandled(t.stage, () -> loader.tryLoadCliDirectory(root));
                }
                default -> {
                    t.input = Map.of();
                    jwt(t, m, List.of("user", "admin", "anonymous"), null, null);
                    return t.refusals > 0 ? Result.REFUSAL : Result.SUCCESS;
                }
            }
            t.stage = "render load diagnostics";
            unhandled(t.stage, () -> render(loaded.diagnostics()));
            if (loaded.metadata().isEmpty()) {
                return Result.DIAGNOSTIC;
            }
            Metadata md = loaded.metadata().get();
            t.stage = "check";
            CheckResult checked = unhandled(t.stage, () -> PermissionChecker.check(md, s.schema()));
            t.stage = "render check diagnostics";
            unhandled(t.stage, () -> render(checked.diagnostics()));
            if (checked.permissions().isEmpty()) {
                return Result.DIAGNOSTIC;
            }
            compileAndBind(t, checked.permissions().get(), m, tree, 2);
            return t.refusals > 0 ? Result.REFUSAL : Result.SUCCESS;
        }

        /** Writes UTF-8 (a lone surrogate becomes '?'); now and then with an invalid UTF-8 sequence spliced in. */
        private static void write(Path f, String text, Mutator m) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (m.chance(3) && bytes.length > 0) {
                int at = m.random().nextInt(bytes.length);
                byte[] bad = m.pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82}));
                byte[] out = new byte[bytes.length + bad.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bad, 0, out, at, bad.length);
                System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
                bytes = out;
            }
            Files.write(f, bytes);
        }

        private static String textMaybe(Mutator m, String text, boolean yaml) {
            if (!m.chance(30)) {
                return text;
            }
            return yaml ? m.mutateYamlText(text) : m.mutateJsonText(text);
        }

        private static String mutateFile(String text, Mutator m) {
            if (m.chance(55)) {
                try {
                    Node n = FuzzTree.of(Json.parseYaml(text));
                    return textMaybe(m, m.chance(80) ? FuzzTree.toYaml(m.mutateTree(n))
                            : FuzzTree.toJson(m.mutateTree(n)), true);
                } catch (HasuraPermsException e) {
                    // not parseable on its own: damage the text instead
                }
            }
            return m.mutateYamlText(text);
        }

        private static int render(List<Diagnostic> diagnostics) {
            int n = 0;
            for (Diagnostic d : diagnostics) {
                n += d.render().length() + d.toString().length();
            }
            return n;
        }

        // ------------------------------------------------------------------------- compile, bind, filters, JWT

        private void compileAndBind(Task t, CheckedPermissions perms, Mutator m, Node tree, int callerFilters) {
            JdbcPermissions jdbc = JdbcPermissions.of(perms);
            List<PermissionRule> rules = perms.rules();
            int limit = Math.min(rules.size(), 150);
            for (int i = 0; i < limit; i++) {
                PermissionRule rule = rules.get(i);
                Optional<String> alias = m.chance(80) ? Optional.of("t") : Optional.empty();
                List<CompiledPredicate> compiled = new ArrayList<>();
                t.stage = "compile " + rule.operation() + " " + rule.table() + " for " + rule.role();
                switch (rule.operation()) {
                    case SELECT -> {
                        typed(t, () -> compiled.add(jdbc.compiledSelectFilter(rule.table(), rule.role(), alias)));
                        for (String column : ((SelectRule) rule).redactions().keySet()) {
                            typed(t, () -> jdbc.compiledRedaction(rule.table(), rule.role(), column, alias)
                                    .ifPresent(compiled::add));
                        }
                    }
                    case INSERT -> typed(t, () -> compiled.add(jdbc.compiledInsertCheck(rule.table(), rule.role(), alias)));
                    case UPDATE -> {
                        typed(t, () -> compiled.add(jdbc.compiledUpdateFilter(rule.table(), rule.role(), alias)));
                        typed(t, () -> compiled.add(jdbc.compiledUpdateCheck(rule.table(), rule.role(), alias)));
                    }
                    case DELETE -> typed(t, () -> compiled.add(jdbc.compiledDeleteFilter(rule.table(), rule.role(), alias)));
                }
                Map<SessionVariable, Set<PgType>> vars = new LinkedHashMap<>();
                t.stage = "required session variables " + rule.operation() + " " + rule.table() + " for " + rule.role();
                typed(t, () -> vars.putAll(perms.requiredSessionVariables(rule.role(), rule.table(), rule.operation())));
                for (int k = 0; k < 2; k++) {
                    Session session = session(t, rule.role(), vars, m);
                    if (session == null) {
                        continue;
                    }
                    t.stage = "bind " + rule.operation() + " " + rule.table() + " for " + rule.role();
                    for (CompiledPredicate c : compiled) {
                        typed(t, () -> c.bind(session));
                    }
                    if (rule.operation() == dev.hasuraperms.metadata.Operation.SELECT && m.chance(30)) {
                        t.stage = "jOOQ select condition " + rule.table() + " for " + rule.role();
                        typed(t, () -> DSL.using(SQLDialect.POSTGRES).render(JooqPermissions.of(perms)
                                .selectCondition(rule.table(), DSL.table(DSL.name("t")), session)));
                    }
                }
            }
            for (SelectRule rule : perms.logicalModelRules()) {
                Session session = session(t, rule.role(), Map.of(), m);
                if (session != null) {
                    t.stage = "bind logical model " + rule.table() + " for " + rule.role();
                    typed(t, () -> jdbc.logicalModelFilter(rule.table().name(), "t", session));
                }
            }
            List<SelectRule> selects = rules.stream().filter(r -> r instanceof SelectRule).map(r -> (SelectRule) r)
                    .toList();
            for (int i = 0; i < callerFilters && !selects.isEmpty(); i++) {
                SelectRule rule = m.pick(selects);
                callerFilter(t, jdbc, perms, rule, m, tree);
            }
            if (m.chance(20)) {
                jwt(t, m, new ArrayList<>(perms.roles()), perms, jdbc);
            }
        }

        /** A session for {@code role} with hostile values for the variables a rule needs; null when refused. */
        private static Session session(Task t, String role, Map<SessionVariable, Set<PgType>> vars, Mutator m) {
            Map<String, String> values = new LinkedHashMap<>();
            for (var e : vars.entrySet()) {
                if (m.chance(5)) {
                    continue; // missing
                }
                values.put(m.chance(10) ? e.getKey().name().toUpperCase(Locale.ROOT) : e.getKey().name(),
                        m.chance(35) ? plausible(e.getValue()) : m.pick(SESSION_VALUES));
            }
            if (m.chance(5)) {
                values.put(m.pick(List.of("x-hasura-extra", "X-Hasura-Role", "x-hasura-\ud800", "bad-name", "")),
                        m.pick(SESSION_VALUES));
            }
            t.stage = "session";
            Obj record = new Obj();
            record.members.add(new Member("role", Raw.string(role)));
            values.forEach((k, v) -> record.members.add(new Member(k, Raw.string(v))));
            Map<String, String> input = new LinkedHashMap<>(t.input);
            input.put("session.json", FuzzTree.toJson(record));
            t.input = input;
            try {
                Session s = Session.of(role, values);
                return m.chance(20) ? s.withBackendOnlyPermissions() : s;
            } catch (HasuraPermsException | IllegalArgumentException documented) {
                t.refusals++;
                return null;
            } catch (RuntimeException | Error e) {
                throw new Unhandled(t.stage, e);
            }
        }

        private static String plausible(Set<PgType> types) {
            String name = types.isEmpty() ? "text" : types.iterator().next().displayName();
            if (name.endsWith("[]")) {
                return "{}";
            }
            if (name.contains("int") || name.contains("numeric") || name.contains("double") || name.contains("real")) {
                return "1";
            }
            if (name.contains("bool")) {
                return "true";
            }
            if (name.contains("uuid")) {
                return "00000000-0000-0000-0000-000000000000";
            }
            if (name.contains("json")) {
                return "{\"a\": 1}";
            }
            if (name.contains("time") || name.contains("date")) {
                return "2020-01-01";
            }
            return "a";
        }

        private void callerFilter(Task t, JdbcPermissions jdbc, CheckedPermissions perms, SelectRule rule, Mutator m,
                                  Node tree) {
            t.stage = "generate";
            Node where;
            List<Node> filters = tree == null ? List.of() : filters(tree);
            if (!filters.isEmpty() && m.chance(60)) {
                where = m.mutateTree(m.pick(filters).copy());
            } else {
                where = m.comparison();
            }
            String text = textMaybe(m, FuzzTree.toJson(where), false);
            Map<String, String> input = new LinkedHashMap<>(t.input);
            input.put("caller-filter-" + input.size() + ".json", text);
            t.input = input;
            Session session = session(t, rule.role(), perms.requiredSessionVariables(rule.role(), rule.table(),
                    rule.operation()), m);
            if (session == null) {
                return;
            }
            t.stage = "Json.parse caller filter";
            JsonValue[] parsed = new JsonValue[1];
            if (!typed(t, () -> parsed[0] = Json.parse(text))) {
                return;
            }
            t.stage = "caller filter " + rule.table() + " for " + rule.role();
            typed(t, () -> jdbc.callerFilter(rule.table(), "t", session, parsed[0]));
        }

        /** JWT claims with Hasura's namespace (an object or stringified JSON), mutated, through Json.parse. */
        private void jwt(Task t, Mutator m, List<String> roles, CheckedPermissions perms, JdbcPermissions jdbc) {
            t.stage = "generate";
            List<String> rs = roles.isEmpty() ? List.of("user") : roles;
            Obj claims = new Obj();
            Arr allowed = new Arr();
            for (String role : rs) {
                allowed.elements.add(Raw.string(role));
            }
            claims.members.add(new Member("x-hasura-allowed-roles", allowed));
            claims.members.add(new Member("x-hasura-default-role", Raw.string(m.pick(rs))));
            claims.members.add(new Member("x-hasura-user-id", Raw.string(m.pick(SESSION_VALUES))));
            claims.members.add(new Member("X-Hasura-Org-Ids", Raw.string("{1,2}")));
            boolean stringified = m.chance(30);
            Node ns = m.mutateTree(claims);
            Obj token = new Obj();
            token.members.add(new Member("sub", Raw.string("1")));
            token.members.add(new Member(JwtClaimsConfig.DEFAULT_NAMESPACE,
                    stringified ? Raw.string(FuzzTree.toJson(ns)) : ns));
            String text = textMaybe(m, FuzzTree.toJson(m.chance(30) ? m.mutateTree(token) : token), false);
            String config = m.chance(20) ? textMaybe(m, FuzzTree.toJson(m.mutateTree(FuzzTree.of(Json.parse(
                    "{\"claims_namespace_path\": \"$.hasura\", \"claims_format\": \"json\", \"claims_map\": "
                            + "{\"x-hasura-allowed-roles\": {\"path\": \"$.roles\"}, \"x-hasura-default-role\": "
                            + "{\"path\": \"$.role\", \"default\": \"user\"}}}")))), false) : null;
            Map<String, String> input = new LinkedHashMap<>(t.input);
            input.put("jwt-claims.json", text);
            if (config != null) {
                input.put("jwt-config.json", config);
            }
            t.input = input;
            t.stage = "Json.parse JWT claims";
            JsonValue[] parsed = new JsonValue[1];
            if (!typed(t, () -> parsed[0] = Json.parse(text))) {
                return;
            }
            JwtClaimsConfig[] cfg = {stringified ? JwtClaimsConfig.namespace(JwtClaimsConfig.DEFAULT_NAMESPACE,
                    JwtClaimsConfig.ClaimsFormat.STRINGIFIED_JSON) : JwtClaimsConfig.defaults()};
            if (config != null) {
                t.stage = "JwtClaimsConfig.parse";
                if (!typed(t, () -> cfg[0] = JwtClaimsConfig.parse(config))) {
                    return;
                }
            }
            Optional<String> requested = m.chance(50) ? Optional.of(m.pick(rs)) : Optional.empty();
            t.stage = "Session.fromJwtClaims";
            Session[] session = new Session[1];
            if (!typed(t, () -> session[0] = Session.fromJwtClaims(parsed[0], cfg[0], requested)) || perms == null) {
                return;
            }
            t.stage = "bind with a JWT session";
            for (PermissionRule rule : perms.rules()) {
                if (rule.role().equals(session[0].role()) && rule instanceof SelectRule) {
                    typed(t, () -> jdbc.selectFilter(rule.table(), "t", session[0]));
                }
            }
        }

        /** Every value of a "filter" or "check" key: caller filter material. */
        private static List<Node> filters(Node root) {
            List<Node> out = new ArrayList<>();
            List<Node> stack = new ArrayList<>(List.of(root));
            while (!stack.isEmpty() && out.size() < 100) {
                Node n = stack.remove(stack.size() - 1);
                if (n instanceof Obj o) {
                    for (Member mb : o.members) {
                        if (mb.key.equals("filter") || mb.key.equals("check")) {
                            out.add(mb.value);
                        }
                        stack.add(mb.value);
                    }
                } else if (n instanceof Arr a) {
                    stack.addAll(a.elements);
                }
            }
            return out;
        }

        /**
         * Metadata-API operations made from a document's permissions (create and drop, alone, in a list or in a
         * bulk), or the document itself when it is already operations or has no permissions.
         */
        private static Node operations(Node tree, Mutator m) {
            List<Obj> tables = new ArrayList<>();
            List<Node> stack = new ArrayList<>(List.of(tree));
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                if (n instanceof Obj o) {
                    if (o.members.stream().anyMatch(mb -> mb.key.equals("table"))
                            && o.members.stream().anyMatch(mb -> mb.key.endsWith("_permissions"))) {
                        tables.add(o);
                    }
                    o.members.forEach(mb -> stack.add(mb.value));
                } else if (n instanceof Arr a) {
                    stack.addAll(a.elements);
                }
            }
            if (tables.isEmpty() || m.chance(15)) {
                return tree;
            }
            Arr ops = new Arr();
            int n = 1 + m.random().nextInt(4);
            for (int i = 0; i < n; i++) {
                Obj table = m.pick(tables);
                Node tableName = table.members.stream().filter(mb -> mb.key.equals("table")).findFirst()
                        .map(mb -> mb.value).orElse(Raw.string("x"));
                List<Member> perms = table.members.stream().filter(mb -> mb.key.endsWith("_permissions")
                        && mb.value instanceof Arr a && !a.elements.isEmpty()).toList();
                if (perms.isEmpty()) {
                    continue;
                }
                Member kind = m.pick(perms);
                String op = kind.key.substring(0, kind.key.indexOf('_'));
                Node entry = m.pick(((Arr) kind.value).elements);
                Obj args = new Obj();
                args.members.add(new Member("source", Raw.string("default")));
                args.members.add(new Member("table", tableName.copy()));
                if (entry instanceof Obj e) {
                    for (Member mb : e.members) {
                        args.members.add(new Member(mb.key, mb.value.copy()));
                    }
                }
                String prefix = m.chance(70) ? "pg_" : "";
                if (m.chance(40)) {
                    Obj drop = new Obj();
                    drop.members.add(new Member("type", Raw.string(prefix + "drop_" + op + "_permission")));
                    Obj dargs = new Obj();
                    dargs.members.add(new Member("source", Raw.string("default")));
                    dargs.members.add(new Member("table", tableName.copy()));
                    args.members.stream().filter(mb -> mb.key.equals("role")).findFirst()
                            .ifPresent(mb -> dargs.members.add(new Member("role", mb.value.copy())));
                    drop.members.add(new Member("args", dargs));
                    ops.elements.add(drop);
                }
                Obj create = new Obj();
                create.members.add(new Member("type", Raw.string(prefix + "create_" + op + "_permission")));
                create.members.add(new Member("args", args));
                ops.elements.add(create);
            }
            if (m.chance(50)) {
                Obj bulk = new Obj();
                bulk.members.add(new Member("type", Raw.string(m.chance(50) ? "bulk" : "bulk_atomic")));
                bulk.members.add(new Member("args", ops));
                return bulk;
            }
            return ops;
        }
    }

    // ------------------------------------------------------------------------------------------- classification

    interface Step<T> {
        T get();
    }

    /** A step that must not throw at all (the collecting loaders, the checker). */
    static <T> T unhandled(String stage, Step<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | Error e) {
            throw new Unhandled(stage, e);
        }
    }

    /** A step that may refuse with a typed exception; returns whether it succeeded. */
    static boolean typed(Task t, Runnable step) {
        try {
            step.run();
            return true;
        } catch (HasuraPermsException refusal) {
            t.refusals++;
            return false;
        } catch (RuntimeException | Error e) {
            throw new Unhandled(t.stage, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    /**
     * Known root causes (issue 16), for triage output only: a failure whose signature matches is labelled with the
     * branch fixing it. The test fails on every failure, labelled or not.
     */
    static final List<Known> KNOWN = List.of(
            new Known("NumberFormatException.*ScalarConstructor",
                    "YAML !!int/!!float tags (h-load)"),
            new Known("NumberFormatException.*(snakeyaml|ScannerImpl|StreamReader|under radix 16)",
                    "YAML truncated \\u escape (h-load)"),
            new Known("ArithmeticException|NumberFormatException.*(BigDecimal|PgValues|JsonNumber)",
                    "JSON exponents out of range (h-num)"),
            new Known("diagnostic message is one line",
                    "names with a new line in messages (h-load)"),
            new Known("OutOfMemoryError|toPlainString",
                    "huge number rendered in full, e.g. limit -1e999999999 (h-num/h-load)"),
            new Known("InvalidPathException|ProviderMismatchException|different type of Path",
                    "!include path with NUL / absolute (h-load)"),
            new Known("Hang.*(Patterns|PgRegex|TextMatch)",
                    "pattern validation / regex backtracking (h-regex)"),
            new Known("Hang.*(ObjectBuilder|YamlConverter)",
                    "Json.parse / JSON reader quadratic in an object's keys (h-num)"),
            new Known("Hang.*(CliDirectoryReader.include|TreeReaders.readYaml)",
                    "includes bounded per file only: many includes of one file (h-load)"),
            new Known("Hang.*(ColumnSet)",
                    "ColumnSet.Listed.originOf quadratic (h-load)"),
            new Known("Hang.*(BigDecimal|BigInteger|PgValues|Numeric)",
                    "numbers with huge exponents (h-num)"),
            new Known("Hang.*(snakeyaml|Alias|Composer)",
                    "YAML aliases (h-load)"));

    /** A failure signature (a regular expression over the signature and stack) and the root cause it maps to. */
    record Known(String pattern, String label) {
    }

    /** Exception class, the library frame it was thrown in, and the library frame that called into that class. */
    static String signature(Throwable failure) {
        Throwable e = failure instanceof Unhandled u && u.getCause() != null ? u.getCause() : failure;
        List<StackTraceElement> ours = Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().startsWith("dev.hasuraperms")
                        && !f.getClassName().startsWith("dev.hasuraperms.fuzz")).toList();
        String top = ours.isEmpty() ? "?" : ours.get(0).toString();
        String caller = ours.stream().filter(f -> !f.getClassName().equals(ours.get(0).getClassName())).findFirst()
                .map(f -> " <- " + f).orElse("");
        String first = e.getStackTrace().length > 0 ? e.getStackTrace()[0].toString() : "?";
        if (e instanceof HangException h && h.hot != null && !h.hot.isEmpty()) {
            return "Hang mostly in " + h.hot.replaceAll(" \\(.*", "");
        }
        String kind = e instanceof HangException ? "Hang" : e.getClass().getName();
        return kind + " at " + top + caller + (first.equals(top) ? "" : " (thrown at " + first + ")");
    }

    static String message(Throwable failure) {
        Throwable e = failure instanceof Unhandled u && u.getCause() != null ? u.getCause() : failure;
        String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
        return msg.length() > 120 ? msg.substring(0, 120) + "..." : msg;
    }

    static String known(String signature, Throwable failure) {
        StringWriter sw = new StringWriter();
        failure.printStackTrace(new PrintWriter(sw));
        String all = signature + "\n" + sw;
        for (Known k : KNOWN) {
            if (java.util.regex.Pattern.compile(k.pattern()).matcher(all).find()) {
                return k.label();
            }
        }
        return "NEW";
    }

    private static String report(long seed, List<Task> done, List<Task> failures, long wallNanos, int threads,
                                 boolean stoppedOnHangs) {
        StringBuilder b = new StringBuilder();
        long[] nanos = done.stream().mapToLong(t -> t.nanos).sorted().toArray();
        Map<Object, Integer> byResult = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<Form, Integer> byForm = new TreeMap<>();
        for (Task t : done) {
            byResult.merge(t.failure != null ? "FAILURE" : t.result, 1, Integer::sum);
            if (t.form != null) {
                byForm.merge(t.form, 1, Integer::sum);
            }
        }
        b.append(String.format(Locale.ROOT, "fuzz report: seed=%d inputs=%d wall=%.1f s threads=%d%s%n", seed,
                done.size(), wallNanos / 1e9, threads, stoppedOnHangs ? " (STOPPED: too many hangs)" : ""));
        b.append("  outcomes: ").append(byResult).append("  forms: ").append(byForm).append('\n');
        long total = done.stream().mapToLong(t -> t.nanos).sum();
        long totalOk = done.stream().filter(t -> t.failure == null).mapToLong(t -> t.nanos).sum();
        long over2s = done.stream().filter(t -> t.nanos > 2_000_000_000L).count();
        long totalUnder2s = done.stream().filter(t -> t.nanos <= 2_000_000_000L).mapToLong(t -> t.nanos).sum();
        b.append(String.format(Locale.ROOT, "  input time: %.1f s in all, %.1f s in inputs that did not fail, %.1f s in "
                + "the inputs of at most 2 s; %d inputs over 2 s%n", total / 1e9, totalOk / 1e9, totalUnder2s / 1e9,
                over2s));
        if (nanos.length > 0) {
            b.append(String.format(Locale.ROOT, "  per input (ms): p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f%n",
                    pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), pct(nanos, 99.9), nanos[nanos.length - 1] / 1e6));
        }
        b.append("  slowest:\n");
        done.stream().sorted(Comparator.comparingLong((Task t) -> t.nanos).reversed()).limit(10).forEach(t ->
                b.append(String.format(Locale.ROOT, "    %8.1f ms  index=%d form=%s chars=%d seed-doc=%s%s%s%n",
                        t.nanos / 1e6, t.index, t.form, t.input.values().stream().mapToInt(String::length).sum(),
                        t.seedName, t.failure != null ? " (FAILURE)" : "",
                        t.samples.isEmpty() ? "" : "\n              hot: " + t.hotFrame())));
        Map<String, List<Task>> bySig = new TreeMap<>();
        for (Task t : failures) {
            bySig.computeIfAbsent(signature(t.failure), k -> new ArrayList<>()).add(t);
        }
        b.append("  failures: ").append(failures.size()).append(" in ").append(bySig.size()).append(" signatures\n");
        bySig.forEach((sig, ts) -> b.append(String.format(Locale.ROOT, "    %5d x [%s] %s%n          e.g. index=%s "
                        + "stage=%s form=%s seed-doc=%s%n          message: %s%n", ts.size(), known(sig, ts.get(0).failure),
                sig, ts.stream().limit(5).map(t -> Integer.toString(t.index)).toList(),
                ((Unhandled) ts.get(0).failure).stage, ts.get(0).form, ts.get(0).seedName, message(ts.get(0).failure))));
        return b.toString();
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** When replaying chosen inputs: each input's files, to {@code target/fuzz-inputs/<seed>-<index>/}. */
    private static void writeInputs(long seed, List<Task> done) throws IOException {
        for (Task t : done) {
            Path dir = Paths.get("target", "fuzz-inputs", seed + "-" + t.index);
            for (var e : t.input.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            }
            log("fuzz: input %d (%s, %s, %.1f ms, %s) written to %s", t.index, t.form, t.seedName, t.nanos / 1e6,
                    t.failure != null ? "FAILURE" : t.result, dir.toAbsolutePath());
        }
    }

    private static void writeFailures(long seed, List<Task> failures) throws IOException {
        Path out = Paths.get("target", "fuzz-failures");
        if (System.getProperty("hasura.perms.fuzz.index", "").isBlank()) {
            deleteTree(out); // the failures of this run only (a replay adds to them)
        }
        if (failures.isEmpty()) {
            return;
        }
        Files.createDirectories(out);
        int written = 0;
        for (Task t : failures) {
            if (written++ >= 300) {
                break;
            }
            StringWriter sw = new StringWriter();
            PrintWriter pw = new PrintWriter(sw);
            pw.printf("seed=%d index=%d form=%s seed-doc=%s stage=%s%n", seed, t.index, t.form, t.seedName,
                    ((Unhandled) t.failure).stage);
            pw.printf("replay: mvn -B -pl hasura-perms-jooq -am verify -Dtest=MetadataFuzzTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dhasura.perms.fuzz.seed=%d -Dhasura.perms.fuzz.index=%d%n",
                    seed, t.index);
            pw.println("signature: " + signature(t.failure));
            t.failure.getCause().printStackTrace(pw);
            for (var e : t.input.entrySet()) {
                String v = e.getValue();
                pw.printf("%n===== %s (%d chars) =====%n%s%n", e.getKey(), v.length(),
                        v.length() > 200_000 ? v.substring(0, 200_000) + "\n[... cut]" : v);
            }
            pw.flush();
            Files.writeString(out.resolve(seed + "-" + t.index + ".txt"), sw.toString(), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Stops a hung worker so that it does not keep a core busy for the rest of the run (a hung input is already a
     * failure; its state is its own). Thread.stop works up to Java 19; later the thread is only interrupted.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private static void stop(Thread th) {
        if (th == null) {
            return;
        }
        try {
            th.stop();
        } catch (UnsupportedOperationException | SecurityException e) {
            th.interrupt();
        }
    }

    private static long seed() {
        String s = System.getProperty("hasura.perms.fuzz.seed", "").trim();
        if (s.isEmpty()) {
            return DEFAULT_SEED;
        }
        if (s.equals("random")) {
            return new SplittableRandom().nextLong();
        }
        return Long.parseLong(s);
    }

    private static int[] range(int count) {
        String s = System.getProperty("hasura.perms.fuzz.index", "").trim();
        if (s.isEmpty()) {
            return new int[] {0, count};
        }
        int dash = s.indexOf('-', 1);
        if (dash < 0) {
            int i = Integer.parseInt(s);
            return new int[] {i, i + 1};
        }
        return new int[] {Integer.parseInt(s.substring(0, dash)), Integer.parseInt(s.substring(dash + 1)) + 1};
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
