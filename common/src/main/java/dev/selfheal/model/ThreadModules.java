package dev.selfheal.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The user's TorchScript modules of a model, loaded once per thread and shared by every owner on
 * that thread (a HEAL task's trainer, evaluator and warm-up, the label-free signals of each heal
 * batch), since a module must not be called from two threads at once but calls one after another
 * on one thread are safe. Counted: the last owner to let go closes the modules and the thread's
 * entry goes, so nothing outlives the owners (a task that ends, a job that restarts). Keyed by the
 * modules' bytes, so two copies of one model directory share too.
 */
final class ThreadModules {
    /** A model's loaded modules: its backbone, and its head when the adapter sits at the logit. */
    record Loaded(TorchScriptModule backbone, TorchScriptModule head) implements AutoCloseable {
        static Loaded of(FrozenWeights f) {
            TorchScriptModule b = TorchScriptModule.load(f.backboneModule(), "the model's backbone.pt");
            if (!f.atLogit()) {
                return new Loaded(b, null);
            }
            try {
                return new Loaded(b, TorchScriptModule.load(f.headModule().bytes(), "the model's head.pt"));
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                backbone.close();
            } finally {
                if (head != null) {
                    head.close();
                }
            }
        }
    }

    /** The modules' bytes, compared by content. */
    private record Key(byte[] backbone, byte[] head) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.backbone, backbone) && Arrays.equals(k.head, head);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(backbone) + Arrays.hashCode(head);
        }
    }

    private static final class Shared {
        final Loaded loaded;
        int owners;

        Shared(Loaded loaded) {
            this.loaded = loaded;
        }
    }

    /** Per thread, the modules its owners hold; a thread leaves once its last owner lets go. */
    private static final Map<Thread, Map<Key, Shared>> LOADED = new HashMap<>();

    private ThreadModules() {}

    /**
     * The modules of {@code f} for the calling thread, loaded if no owner on it holds them; each
     * call must be matched by one {@link #release} naming that thread.
     *
     * @throws IllegalArgumentException with one line when a module cannot be loaded
     */
    static Loaded acquire(FrozenWeights f) {
        Thread thread = Thread.currentThread();
        Key key = key(f);
        synchronized (LOADED) {
            Shared s = LOADED.getOrDefault(thread, Map.of()).get(key);
            if (s != null) {
                s.owners++;
                return s.loaded;
            }
        }
        // loaded outside the lock: only this thread can add modules for itself
        Shared s = new Shared(Loaded.of(f));
        s.owners = 1;
        synchronized (LOADED) {
            LOADED.computeIfAbsent(thread, t -> new HashMap<>()).put(key, s);
        }
        return s.loaded;
    }

    /**
     * Lets go of modules {@link #acquire} gave on {@code thread} (from any thread: an owner may be
     * closed elsewhere); the last owner closes them.
     */
    static void release(Thread thread, FrozenWeights f, Loaded modules) {
        Key key = key(f);
        Shared s;
        synchronized (LOADED) {
            Map<Key, Shared> loaded = LOADED.get(thread);
            s = loaded == null ? null : loaded.get(key);
            if (s == null || s.loaded != modules) {
                throw new IllegalStateException("modules released that " + thread.getName() + " does not hold");
            }
            if (--s.owners > 0) {
                return;
            }
            loaded.remove(key);
            if (loaded.isEmpty()) {
                LOADED.remove(thread);
            }
        }
        s.loaded.close();
    }

    /** How many threads hold modules now (for tests: none once every owner has let go). */
    static int threads() {
        synchronized (LOADED) {
            return LOADED.size();
        }
    }

    private static Key key(FrozenWeights f) {
        return new Key(f.backboneModule(), f.atLogit() ? f.headModule().bytes() : null);
    }
}
