package dev.selfheal.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The model ids a job serves ({@code input.models}). Every distinct model id in the stream gets its
 * own adapter, registry and HEAL state, so an id nobody deploys (a typo upstream, or a producer
 * inventing ids) would otherwise quietly grow state and heal a model no one reads. Empty means any
 * id is served, which multi-model set-ups without a fixed list rely on.
 */
public final class ModelAllowList implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ModelAllowList ANY = new ModelAllowList(Set.of());

    private final Set<String> ids;

    private ModelAllowList(Set<String> ids) {
        this.ids = ids;
    }

    public static ModelAllowList any() {
        return ANY;
    }

    /**
     * @param csv ids separated by commas, blanks around them ignored; null or blank = any id
     * @throws IllegalArgumentException on an empty entry ("a,,b") or an id with whitespace or quotes
     */
    public static ModelAllowList parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return ANY;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String part : csv.split(",", -1)) {
            String id = part.strip();
            if (id.isEmpty()) {
                throw new IllegalArgumentException("empty model id in '" + csv + "'");
            }
            if (!id.chars().allMatch(c -> c > ' ' && c != '"' && c != '\'' && c < 0x7f)) {
                throw new IllegalArgumentException("model id '" + id + "' must be printable ASCII without blanks "
                        + "or quotes");
            }
            ids.add(id);
        }
        return new ModelAllowList(Collections.unmodifiableSet(ids));
    }

    public boolean acceptsAny() {
        return ids.isEmpty();
    }

    public boolean accepts(String modelId) {
        return ids.isEmpty() || ids.contains(modelId);
    }

    /**
     * The model a record that names none belongs to: the one served id when exactly one is listed
     * (a single-model job need not tag every label), else {@link Transaction#DEFAULT_MODEL}, which
     * {@link #accepts} may then refuse.
     */
    public String implicitModel() {
        return ids.size() == 1 ? ids.iterator().next() : Transaction.DEFAULT_MODEL;
    }

    public List<String> ids() {
        return new ArrayList<>(ids);
    }

    @Override
    public String toString() {
        return ids.isEmpty() ? "any" : String.join(",", ids);
    }
}
