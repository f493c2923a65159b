package dev.selfheal.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** PNG files embedded as {@code data:} URIs, each with its file name as caption. */
public final class ImagesSection implements Section {
    private final String id;
    private final String title;
    private final List<Path> files;
    private final String whenNone;

    /**
     * @param files    the images, in order; missing ones are left out
     * @param whenNone the line shown when none of them exists
     */
    public ImagesSection(String id, String title, List<Path> files, String whenNone) {
        this.id = id;
        this.title = title;
        this.files = List.copyOf(files);
        this.whenNone = whenNone;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public void render(Html h) {
        int shown = 0;
        h.open("div", "class", "figures").newline();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            String uri;
            try {
                uri = PngData.uri(f);
            } catch (IOException e) {
                // A file that is not a PNG is named, never embedded as a broken image.
                h.element("p", "not embedded: " + e.getMessage(), "class", "note").newline();
                continue;
            }
            String name = f.getFileName().toString();
            h.open("figure").empty("img", "src", uri, "alt", name).element("figcaption", name).close("figure").newline();
            shown++;
        }
        h.close("div").newline();
        if (shown == 0) {
            h.element("p", whenNone, "class", "note").newline();
        }
    }
}
