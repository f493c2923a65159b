package dev.selfheal.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code torch.nn} layer types a TorchScript file is built from ({@code LayerNorm},
 * {@code GELU}, …), read from the class names its pickled module tree records (TorchScript stores
 * it uncompressed), to say in words why
 * a head is not a Linear/ReLU chain. Only a description: parameters and outputs decide what is
 * accepted, and a file whose tree is compressed or unreadable simply names nothing.
 */
final class TorchScriptLayers {
    /** A pickle GLOBAL opcode naming a torch.nn module class: the module path, a newline, the class name. */
    private static final Pattern CLASS = Pattern.compile("c__torch__\\.torch\\.nn\\.modules\\.[\\w.]+\\n(\\w+)\\n");
    /** Layers a Linear/ReLU chain (with its optional sigmoid) is made of, or that do nothing in eval mode. */
    private static final Set<String> CHAIN = Set.of("Sequential", "Linear", "ReLU", "Sigmoid", "Identity", "Dropout");

    private TorchScriptLayers() {}

    /** Distinct layer class names of the module in {@code bytes}, in file order; empty when none can be read. */
    static List<String> types(byte[] bytes) {
        // TorchScript archives store their entries uncompressed: the pickled tree is readable in place.
        Set<String> out = new LinkedHashSet<>();
        Matcher m = CLASS.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    /** The layer types in {@code bytes} that are no part of a Linear/ReLU chain, e.g. {@code [LayerNorm, GELU]}. */
    static List<String> notInAChain(byte[] bytes) {
        return types(bytes).stream().filter(t -> !CHAIN.contains(t)).toList();
    }
}
