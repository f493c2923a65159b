package dev.selfheal.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickle a TorchScript archive stores its module tree in ({@code data.pkl}): modules
 * as objects of their class with their attributes in order, tensors as references into the
 * archive's storages. Only the opcodes PyTorch writes there are known; anything else is refused,
 * which leaves the file to be described by its parameters alone. Nothing is ever executed: a
 * class is only a name.
 */
final class TorchPickle {
    /** A class or function named by the pickle, e.g. {@code __torch__.torch.nn.modules.linear Linear}. */
    record Global(String module, String name) {}

    /** An object of a class, with the attributes its pickle gave it, in order. */
    static final class Obj {
        final Global type;
        Map<String, Object> state = Map.of();

        Obj(Global type) {
            this.type = type;
        }
    }

    /** A storage of the archive ({@code data/<key>}) and its element type, e.g. {@code FloatStorage}. */
    record Storage(String key, String type) {}

    /** A tensor: its storage, its offset there and its shape and strides, in elements. */
    record TensorRef(Storage storage, long offset, long[] shape, long[] stride) {}

    /** What a call to a function the reader does not know gave: its name and arguments, kept unread. */
    record Call(Global function, Object args) {}

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private TorchPickle(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The object the pickle in {@code bytes} holds.
     *
     * @throws IllegalArgumentException when it uses an opcode this reader does not know, or is cut short
     */
    static Object read(byte[] bytes) {
        try {
            return new TorchPickle(bytes).run();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a TorchScript module pickle: " + e.getMessage(), e);
        }
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> {
                    return pop();
                }
                case 'c' -> push(new Global(line(), line()));
                case 'q' -> memo.put(in.get() & 0xff, top());
                case 'r' -> memo.put(in.getInt(), top());
                case 0x94 -> memo.put(memo.size(), top());
                case 'h' -> push(memo.get(in.get() & 0xff));
                case 'j' -> push(memo.get(in.getInt()));
                case '(' -> push(MARK);
                case ')' -> push(List.of());
                case ']', 'l' -> push(op == ']' ? new ArrayList<>() : new ArrayList<>(popMark()));
                case '}' -> push(new LinkedHashMap<String, Object>());
                case 't' -> push(popMark());
                case 0x85, 0x86, 0x87 -> {
                    int n = op - 0x84;
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    stack.subList(stack.size() - n, stack.size()).clear();
                    push(items);
                }
                case 'a' -> {
                    Object v = pop();
                    list(top()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(top()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    map(top()).put(String.valueOf(k), v);
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    Map<String, Object> m = map(top());
                    for (int i = 0; i + 1 < kv.size(); i += 2) {
                        m.put(String.valueOf(kv.get(i)), kv.get(i + 1));
                    }
                }
                case 'X' -> push(text(in.getInt()));
                case 0x8c, 'U' -> push(text(in.get() & 0xff));
                case 'T' -> push(text(in.getInt()));
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 'J' -> push((long) in.getInt());
                case 0x8a -> push(long1(in.get() & 0xff));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 0x81 -> {
                    pop(); // the constructor's arguments: a TorchScript module takes none
                    push(new Obj((Global) pop()));
                }
                case 'R' -> {
                    Object args = pop();
                    push(reduce((Global) pop(), args));
                }
                case 'b' -> {
                    Object state = pop();
                    if (top() instanceof Obj o && state instanceof Map<?, ?> m) {
                        o.state = map(m);
                    }
                }
                case 'Q' -> push(storage(pop()));
                default -> throw new IllegalArgumentException("unknown opcode 0x" + Integer.toHexString(op));
            }
        }
    }

    private Object reduce(Global f, Object args) {
        List<Object> a = list(args);
        if (f.module().equals("torch._utils") && f.name().equals("_rebuild_tensor_v2")) {
            return new TensorRef((Storage) a.get(0), (Long) a.get(1), longs(a.get(2)), longs(a.get(3)));
        }
        if (f.module().equals("collections") && f.name().equals("OrderedDict")) {
            return new LinkedHashMap<String, Object>();
        }
        if (f.module().equals("torch.jit._pickle") && !a.isEmpty()) {
            // restore_type_tag, build_intlist, …: the value itself, with a type tag or in a typed list
            return a.get(0);
        }
        return new Call(f, args);
    }

    private static Storage storage(Object pid) {
        List<Object> p = list(pid);
        if (p.size() < 3 || !"storage".equals(p.get(0))) {
            throw new IllegalArgumentException("unknown persistent id " + p);
        }
        return new Storage(String.valueOf(p.get(2)), ((Global) p.get(1)).name());
    }

    private static long[] longs(Object o) {
        List<Object> l = list(o);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) l.get(i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private long long1(int n) {
        byte[] b = new byte[n];
        in.get(b);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return n > 0 && n < 8 && b[n - 1] < 0 ? v - (1L << (8 * n)) : v;
    }

    private String text(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String line() {
        StringBuilder b = new StringBuilder();
        for (byte c = in.get(); c != '\n'; c = in.get()) {
            b.append((char) (c & 0xff));
        }
        return b.toString();
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object top() {
        return stack.get(stack.size() - 1);
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private List<Object> popMark() {
        int at = stack.size() - 1;
        while (stack.get(at) != MARK) {
            at--;
        }
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }
}
