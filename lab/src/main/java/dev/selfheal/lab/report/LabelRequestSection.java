package dev.selfheal.lab.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HEAL's label requests ({@code label_requests.jsonl}) and what they found: how many by strategy
 * and by reason, how many were answered, how many of the answers were fraud. One line when there
 * were none.
 */
public final class LabelRequestSection implements Section {
    /** Up to this many reason lines are listed. */
    static final int MAX_REASONS = 30;

    private final List<JsonNode> requests;
    private final RequestTally tally;

    /**
     * @param requests the label_request records
     * @param labels   the label that came back for each row id (1 = fraud); rows never labelled are absent
     */
    public LabelRequestSection(List<JsonNode> requests, Map<String, Integer> labels) {
        this.requests = List.copyOf(requests);
        this.tally = new RequestTally(requests, labels);
    }

    @Override
    public String id() {
        return "labels";
    }

    @Override
    public String title() {
        return "Label requests";
    }

    @Override
    public void render(Html h) {
        if (requests.isEmpty()) {
            h.element("p", "No label requests: HEAL asks for labels only with labels.budget > 0 "
                    + "(the requested:B label regime sets it).", "class", "note").newline();
            return;
        }
        RequestTally.Line all = tally.total();
        h.element("p", String.format(Locale.ROOT, "%d label requests; %d answered with a label, %d of them fraud (%s).",
                all.requested(), all.answered(), all.fraud(), share(all))).newline();
        table(h, tally.strategies(), false);
        List<RequestTally.Line> reasons = tally.reasons();
        h.open("details").element("summary", "By reason (" + reasons.size() + " wordings, figures shown as #)")
                .newline();
        table(h, reasons.subList(0, Math.min(MAX_REASONS, reasons.size())), true);
        if (reasons.size() > MAX_REASONS) {
            h.element("p", (reasons.size() - MAX_REASONS) + " rarer wordings not listed", "class", "note");
        }
        h.close("details").newline();
    }

    private static void table(Html h, List<RequestTally.Line> lines, boolean reasons) {
        h.open("table").open("thead").open("tr").element("th", "strategy");
        if (reasons) {
            h.element("th", "reason");
        }
        h.element("th", "requested", "class", "num").element("th", "answered", "class", "num")
                .element("th", "fraud", "class", "num").element("th", "fraud / answered", "class", "num");
        h.close("tr").close("thead").open("tbody").newline();
        for (RequestTally.Line l : lines) {
            h.open("tr").element("td", l.strategy());
            if (reasons) {
                h.element("td", l.reason());
            }
            h.element("td", Integer.toString(l.requested()), "class", "num")
                    .element("td", Integer.toString(l.answered()), "class", "num")
                    .element("td", Integer.toString(l.fraud()), "class", "num")
                    .element("td", share(l), "class", "num");
            h.close("tr").newline();
        }
        h.close("tbody").close("table").newline();
    }

    private static String share(RequestTally.Line l) {
        return l.answered() == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * l.fraud() / l.answered());
    }
}
