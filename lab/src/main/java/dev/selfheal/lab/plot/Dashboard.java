package dev.selfheal.lab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Four charts, each rendered to its own image, drawn into one 2×2 image (row by row). */
final class Dashboard {
    private Dashboard() {}

    static BufferedImage compose(List<? extends Chart<?, ?>> charts, int cellWidth, int cellHeight) {
        if (charts.size() != 4) {
            throw new IllegalArgumentException("a dashboard holds 4 charts, got " + charts.size());
        }
        BufferedImage image = new BufferedImage(2 * cellWidth, 2 * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < 4; i++) {
                BufferedImage cell = BitmapEncoder.getBufferedImage(charts.get(i));
                g.drawImage(cell, (i % 2) * cellWidth, (i / 2) * cellHeight, cellWidth, cellHeight, null);
            }
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(cellWidth, 0, cellWidth, image.getHeight());
            g.drawLine(0, cellHeight, image.getWidth(), cellHeight);
        } finally {
            g.dispose();
        }
        return image;
    }
}
