package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HeatmapTest {
    @Test
    void shadesRunFromWhiteToDarkBlueAndClampOutsideTheScale() {
        assertThat(Heatmap.colour(0, 1)).isEqualTo("#f7fbff");
        assertThat(Heatmap.colour(1, 1)).isEqualTo("#08306b");
        assertThat(Heatmap.colour(5, 1)).isEqualTo("#08306b");
        assertThat(Heatmap.colour(0.5, 0)).isEqualTo("#f7fbff");
        assertThat(Heatmap.colour(Double.NaN, 1)).isEqualTo("#f7fbff");
    }

    @Test
    void rowsAreOrderedByTheirLargestValueAndMarkOnlyRowsComeLast() {
        Heatmap m = new Heatmap(List.of(1L, 2L), "KL", "drifted");
        m.put("a", 1, 0.1);
        m.put("b", 2, 0.3);
        m.put("a", 2, 0.2);
        m.mark("c", 1);

        assertThat(m.rows()).containsExactly("b", "a", "c");
    }

    @Test
    void drawsOneCellPerRowAndBatchGreyWhereNoValueAndAMarkPerMarkedCell() {
        Heatmap m = new Heatmap(List.of(1L, 2L, 3L), "KL", "drifted");
        m.put("a", 1, 0.1);
        m.put("b", 3, 0.4);
        m.mark("b", 2);
        Html h = new Html();
        m.render(h, 10);

        Document doc = Jsoup.parse(h.toString());
        // 2 rows × 3 batches, plus the legend's five shades and its missing cell
        assertThat(doc.select("svg > rect")).hasSize(6 + 6);
        // a has no value at 2 and 3, b none at 1 and 2; plus the legend's missing cell
        assertThat(doc.select("svg > rect[fill=" + Heatmap.MISSING + "]")).hasSize(4 + 1);
        assertThat(doc.select("svg > circle[fill=#d62728]")).hasSize(1 + 1);
        assertThat(doc.select("rect > title").eachText()).contains("batch 2, b: not among the most moved; drifted");
    }

    @Test
    void rowsPastTheLimitAreCountedNotDrawn() {
        Heatmap m = new Heatmap(List.of(1L), "KL", "");
        for (int i = 0; i < 5; i++) {
            m.put("u" + i, 1, i);
        }
        Html h = new Html();
        m.render(h, 3);

        Document doc = Jsoup.parse(h.toString());
        assertThat(doc.select("svg > rect").size()).isEqualTo(3 + 6);
        assertThat(doc.text()).contains("2 more not shown");
    }

    @Test
    void aLongRunIsDrawnInGroupsOfConsecutiveBatchesWithTheirLargestValueAndAnyMark() {
        List<Long> batches = java.util.stream.LongStream.rangeClosed(1, 1000).boxed().toList();
        Heatmap m = new Heatmap(batches, "KL", "drifted");
        m.put("a", 1, 0.1);
        m.put("a", 3, 0.5);
        m.mark("a", 999);
        Html h = new Html();
        m.render(h, 10);

        Document doc = Jsoup.parse(h.toString());
        // 1000 batches in groups of 4: 250 columns, plus the legend's six cells
        assertThat(Heatmap.groups(batches, Heatmap.MAX_COLUMNS)).hasSize(250).allMatch(g -> g.size() == 4);
        assertThat(doc.select("svg > rect")).hasSize(250 + 6);
        assertThat(doc.select("rect > title").eachText()).contains("batches 1–4, a: KL 0.500",
                "batches 997–1000, a: not among the most moved; drifted");
        assertThat(doc.select("svg > circle[fill=#d62728]")).hasSize(1 + 1);
    }

    @Test
    void groupsKeepEveryBatchOnceAndInOrder() {
        List<Long> batches = java.util.stream.LongStream.rangeClosed(1, 7).boxed().toList();

        assertThat(Heatmap.groups(batches, 3)).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L));
        assertThat(Heatmap.groups(batches, 10)).hasSize(7);
    }

    @Test
    void tickStepsAreRoundNumbers() {
        assertThat(List.of(1, 2, 3, 6, 11, 40, 120).stream().map(Heatmap::niceStep))
                .containsExactly(1, 2, 5, 10, 20, 50, 200);
    }
}
