package dev.hasuraperms.benchmarks.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the results as markdown tables, a target check, and an SVG chart. */
final class Report {

    /** One measured cell. */
    record Result(Case c, Variant variant, PlanRunner.PlanMode mode, PlanRunner.Timing timing) {
    }

    private static final Variant[] SHOWN = {Variant.OURS, Variant.OURS_UNOPTIMIZED, Variant.HASURA, Variant.RLS,
        Variant.RLS_WRAPPED};
    private static final String[] COLORS = {"#1b9e45", "#e6891a", "#d62728", "#8a4fbf", "#2b6cb0"};

    private final List<Result> results;
    private final Map<String, Map<Variant, Map<PlanRunner.PlanMode, PlanRunner.Timing>>> byCase = new LinkedHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();

    Report(List<Result> results) {
        this.results = List.copyOf(results);
        for (Result r : results) {
            cases.putIfAbsent(r.c().label(), r.c());
            byCase.computeIfAbsent(r.c().label(), k -> new java.util.EnumMap<>(Variant.class))
                    .computeIfAbsent(r.variant(), k -> new java.util.EnumMap<>(PlanRunner.PlanMode.class))
                    .put(r.mode(), r.timing());
        }
    }

    PlanRunner.Timing timing(String label, Variant v, PlanRunner.PlanMode m) {
        Map<Variant, Map<PlanRunner.PlanMode, PlanRunner.Timing>> c = byCase.get(label);
        return c == null || c.get(v) == null ? null : c.get(v).get(m);
    }

    /** The faster hand-written variant's execution median. */
    double bestHand(String label, PlanRunner.PlanMode m) {
        double best = Double.POSITIVE_INFINITY;
        for (Variant v : Variant.values()) {
            PlanRunner.Timing t = v.handWritten() ? timing(label, v, m) : null;
            if (t != null) {
                best = Math.min(best, t.executionMs());
            }
        }
        return best;
    }

    double ratio(String label, Variant v, PlanRunner.PlanMode m) {
        PlanRunner.Timing t = timing(label, v, m);
        return t == null ? Double.NaN : t.executionMs() / bestHand(label, m);
    }

    String markdown(String header) {
        StringBuilder sb = new StringBuilder(header);
        List<String> workloads = new ArrayList<>();
        cases.values().forEach(c -> {
            if (!workloads.contains(c.workload())) {
                workloads.add(c.workload());
            }
        });
        sb.append("\n### Targets\n\n").append(targets()).append('\n');
        for (String w : workloads) {
            for (PlanRunner.PlanMode m : PlanRunner.PlanMode.values()) {
                sb.append("\n### ").append(w).append(", `plan_cache_mode = ").append(m.setting).append("`\n\n");
                sb.append("Server-side execution median in ms (planning median after the slash); the ratio is execution "
                        + "time over the best hand-written SQL's. n = measured runs of the slowest cell in the row.\n\n");
                sb.append("| query | permission | user | rows | best hand-written |");
                for (Variant v : SHOWN) {
                    sb.append(' ').append(v.label).append(" | ×hand |");
                }
                sb.append(" n |\n|---|---|---|---:|---:|");
                for (int i = 0; i < SHOWN.length; i++) {
                    sb.append("---:|---:|");
                }
                sb.append("---:|\n");
                for (Case c : cases.values()) {
                    if (!c.workload().equals(w)) {
                        continue;
                    }
                    String label = c.label();
                    PlanRunner.Timing ours = timing(label, Variant.OURS, m);
                    Variant handVariant = bestHandVariant(label, m);
                    PlanRunner.Timing hand = timing(label, handVariant, m);
                    int n = Integer.MAX_VALUE;
                    sb.append("| ").append(c.query()).append(" | ").append(c.permission()).append(" | ")
                            .append(c.user().isEmpty() ? "–" : c.user()).append(" | ")
                            .append(ours == null ? "" : ours.rows()).append(" | ")
                            .append(cell(hand)).append(handVariant == Variant.HAND_ANY ? " (= ANY)" : "").append(" |");
                    n = Math.min(n, hand.runs());
                    for (Variant v : SHOWN) {
                        PlanRunner.Timing t = timing(label, v, m);
                        sb.append(' ').append(cell(t)).append(" | ").append(t != null && t.timedOut() && t.runs() == 0 ? "> " : "")
                                .append(ratioText(ratio(label, v, m))).append(" |");
                        if (t != null && t.runs() > 0) {
                            n = Math.min(n, t.runs());
                        }
                    }
                    sb.append(' ').append(n).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    private Variant bestHandVariant(String label, PlanRunner.PlanMode m) {
        PlanRunner.Timing a = timing(label, Variant.HAND, m);
        PlanRunner.Timing b = timing(label, Variant.HAND_ANY, m);
        return b != null && (a == null || b.executionMs() < a.executionMs()) ? Variant.HAND_ANY : Variant.HAND;
    }

    /** The "Done when" checks, computed. */
    String targets() {
        StringBuilder sb = new StringBuilder();
        for (PlanRunner.PlanMode m : PlanRunner.PlanMode.values()) {
            double seedMax = 0;
            double tenantMax = 0;
            List<String> misses = new ArrayList<>();
            for (Case c : cases.values()) {
                double r = ratio(c.label(), Variant.OURS, m);
                boolean seed = c.workload().startsWith("seed");
                double limit = seed ? 1.05 : 1.2;
                if (seed) {
                    seedMax = Math.max(seedMax, r);
                } else {
                    tenantMax = Math.max(tenantMax, r);
                }
                if (r > limit) {
                    misses.add(c.label() + " (" + ratioText(r) + ")");
                }
            }
            sb.append("- `").append(m.setting).append("`: ours / best hand-written, worst case: seed ")
                    .append(ratioText(seedMax)).append(" (target ≤ 1.05), multi-tenant ").append(ratioText(tenantMax))
                    .append(" (target ≤ 1.2). ");
            sb.append(misses.isEmpty() ? "No case misses its target.\n" : "Cases over their target: "
                    + String.join("; ", misses) + ".\n");
            for (Case c : cases.values()) {
                if (c.user().equals("oldest")) {
                    PlanRunner.Timing ours = timing(c.label(), Variant.OURS, m);
                    PlanRunner.Timing hasura = timing(c.label(), Variant.HASURA, m);
                    if (ours != null && hasura != null) {
                        double x = hasura.executionMs() / ours.executionMs();
                        sb.append("  - ").append(c.label()).append(": Hasura-shaped / ours = **")
                                .append(hasura.timedOut() && hasura.runs() == 0 ? "> " : "")
                                .append(String.format(Locale.ROOT, "%.0fx", x)).append("**")
                                .append(x >= 100 ? "" : " (under the 100x target)").append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String cell(PlanRunner.Timing t) {
        if (t == null) {
            return "–";
        }
        if (t.timedOut() && t.runs() == 0) {
            return "> " + ms(t.executionMs()) + " (timeout)";
        }
        return ms(t.executionMs()) + " / " + ms(t.planningMs());
    }

    private static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratioText(double r) {
        if (Double.isNaN(r)) {
            return "–";
        }
        return r >= 10 ? String.format(Locale.ROOT, "%.0fx", r) : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** A dot plot of each variant's execution time over the best hand-written SQL's, log scale, one row per case. */
    String svg(String title) {
        List<Case> rows = new ArrayList<>(cases.values());
        int rowH = 16;
        int labelW = 430;
        int panelW = 420;
        int top = 70;
        int width = labelW + 2 * panelW + 40;
        int height = top + rows.size() * rowH + 60;
        double lo = Math.log10(0.5);
        double hi = Math.log10(5000);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int r = 0; r < rows.size(); r++) {
            double y = top + r * rowH + rowH / 2.0 + 4;
            if (r % 2 == 0) {
                sb.append("<rect x=\"0\" y=\"").append(top + r * rowH).append("\" width=\"").append(width)
                        .append("\" height=\"").append(rowH).append("\" fill=\"#000\" fill-opacity=\"0.03\"/>\n");
            }
            sb.append("<text x=\"10\" y=\"").append(f(y)).append("\">").append(esc(rows.get(r).label())).append("</text>\n");
        }

        sb.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        int lx = 10;
        for (int i = 0; i < SHOWN.length; i++) {
            sb.append("<circle cx=\"").append(lx + 5).append("\" cy=\"38\" r=\"4\" fill=\"").append(COLORS[i]).append("\"/>")
                    .append("<text x=\"").append(lx + 12).append("\" y=\"42\">").append(esc(SHOWN[i].label)).append("</text>\n");
            lx += 30 + SHOWN[i].label.length() * 6;
        }
        sb.append("<text x=\"").append(lx + 10).append("\" y=\"42\" fill=\"#555\">x axis: server execution time ÷ best "
                + "hand-written (log scale; 1 = as fast)</text>\n");
        PlanRunner.PlanMode[] modes = PlanRunner.PlanMode.values();
        for (int p = 0; p < modes.length; p++) {
            int x0 = labelW + p * (panelW + 20);
            sb.append("<text x=\"").append(x0).append("\" y=\"").append(top - 8).append("\" font-weight=\"bold\">")
                    .append(modes[p].setting).append("</text>\n");
            for (double tick : new double[]{0.5, 1, 2, 10, 100, 1000}) {
                double x = x0 + (Math.log10(tick) - lo) / (hi - lo) * panelW;
                sb.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(top).append("\" x2=\"").append(f(x))
                        .append("\" y2=\"").append(top + rows.size() * rowH).append("\" stroke=\"")
                        .append(tick == 1 ? "#000" : "#ddd").append("\"/>\n");
                sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(top + rows.size() * rowH + 14)
                        .append("\" text-anchor=\"middle\">").append(tick < 1 ? "0.5" : String.valueOf((int) tick))
                        .append("x</text>\n");
            }
            for (int r = 0; r < rows.size(); r++) {
                String label = rows.get(r).label();
                double y = top + r * rowH + rowH / 2.0;
                for (int i = 0; i < SHOWN.length; i++) {
                    double ratio = ratio(label, SHOWN[i], modes[p]);
                    if (Double.isNaN(ratio)) {
                        continue;
                    }
                    double v = Math.max(lo, Math.min(hi, Math.log10(ratio)));
                    double x = x0 + (v - lo) / (hi - lo) * panelW;
                    sb.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"")
                            .append(i == 0 ? 5 : 3.5).append("\" fill=\"").append(COLORS[i])
                            .append("\" fill-opacity=\"").append(i == 0 ? "1" : "0.75").append("\"><title>")
                            .append(esc(label + " · " + SHOWN[i].label + " · " + ratioText(ratio))).append("</title></circle>\n");
                }
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    List<Result> results() {
        return results;
    }
}
