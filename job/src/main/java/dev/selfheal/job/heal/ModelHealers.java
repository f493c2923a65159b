package dev.selfheal.job.heal;

import dev.selfheal.healer.AdapterEvaluator;
import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.Healer;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.PublishedAdapter;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.model.AdamState;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterCodec;
import dev.selfheal.model.AdapterTrainer;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.HealResult;
import dev.selfheal.model.HealingTrainer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The healers of one HEAL subtask. The heavy parts, the gradient heal's DJL trainer and the scoring
 * kernel of every evaluation (each a copy of the backbone), depend on the served model only, not on
 * the model id: they are made once per subtask and shared by every model id it owns. Per model id
 * there is only a light {@link Healer} (its id, the parsed rules, its remedies), the registry's
 * version index and a started flag, for the {@link #CACHED_MODELS} ids used last: what a healer
 * knows of a model is in its keyed state, so an evicted one is rebuilt as it was on the model's
 * next input.
 */
final class ModelHealers implements AutoCloseable {
    /** Ids whose healer stays built; each costs a few KB, rebuilding one a rule parse. */
    static final int CACHED_MODELS = 256;

    private final FraudModel model;
    private final HealerConfig config;
    private final String keyFeature;
    private final Supplier<AdapterTrainer> newTrainer;
    private final Supplier<AdapterEvaluator> newEvaluator;
    private final ValueState<HealerState> healerState;
    private final MapState<Long, byte[]> registry;
    private final Map<String, ModelSlot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ModelSlot> eldest) {
            return size() > CACHED_MODELS;
        }
    };
    private AdapterTrainer trainer;
    private AdapterEvaluator evaluator;

    /** What a subtask keeps in memory for one model id. */
    private static final class ModelSlot {
        Healer healer;
        final MapStateSnapshotStore.VersionIndex registryIndex = new MapStateSnapshotStore.VersionIndex();
        boolean started;
    }

    /** @param scoringKernel {@code score.kernel}: HEAL evaluates adapters on the engine SCORE serves them with */
    static ModelHealers of(RuntimeContext rc, FraudModel model, HealerConfig config, String keyFeature,
                           String scoringKernel) {
        return new ModelHealers(model, config, keyFeature, () -> new HealingTrainer(model.frozen(),
                model.standardizer()), () -> new AdapterEvaluator(model, scoringKernel),
                rc.getState(HealFunction.HEALER_STATE), rc.getMapState(HealFunction.REGISTRY));
    }

    /** @param healerState and {@code registry}: HEAL's keyed state, read and written for the current key */
    ModelHealers(FraudModel model, HealerConfig config, String keyFeature, Supplier<AdapterTrainer> newTrainer,
                 Supplier<AdapterEvaluator> newEvaluator, ValueState<HealerState> healerState,
                 MapState<Long, byte[]> registry) {
        this.model = model;
        this.config = config;
        this.keyFeature = keyFeature;
        this.newTrainer = newTrainer;
        this.newEvaluator = newEvaluator;
        this.healerState = healerState;
        this.registry = registry;
    }

    /**
     * Makes sure the state of the model (the current key) exists, reading it at most once while the
     * id is cached. HealerState holds four adapter-sized float arrays (~130 KB): reading it for every
     * sample and label cost more CPU than scoring the whole stream (measured with JFR), and samples
     * and labels do not change it; only a closed batch or a control command does. A new model's
     * deployed adapter becomes version 1, and the commands that stand apply to it.
     *
     * @return whether the model's state was created now
     */
    boolean start(String modelId, HealControl control, HealControl.StandingCommands standing, SideOutputs out)
            throws Exception {
        ModelSlot slot = slot(modelId);
        if (slot.started) {
            return false;
        }
        boolean created = healerState.value() == null;
        if (created) {
            HealerState s = new HealerState();
            Healer h = healer(modelId);
            for (AuditRecord r : h.initialise(s, store(modelId))) {
                out.emit(HealFunction.AUDIT, AuditEvent.of(r));
            }
            if (config.shadowVersion() != 1) {
                h.selectShadow(s, store(modelId), config.shadowVersion());
            }
            control.applyStanding(modelId, s, store(modelId), standing);
            healerState.update(s);
        }
        slot.started = true;
        return created;
    }

    /** The model id's healer, built on the shared trainer and evaluator. */
    Healer healer(String modelId) {
        ModelSlot slot = slot(modelId);
        if (slot.healer == null) {
            AdapterEvaluator shared = evaluator();
            try {
                slot.healer = new Healer(modelId, model, config, Clock.systemUTC(), keyFeature, new SharedTrainer(trainer()),
                        shared);
            } catch (RuntimeException e) {
                // A healer that fails to build closes what it was given; the next one needs a new evaluator.
                evaluator = null;
                throw e;
            }
        }
        return slot.healer;
    }

    /** A published adapter as the scorers receive it. */
    AdapterUpdate update(PublishedAdapter p, long nowMs) {
        byte[] bytes = AdapterCodec.encodeServed(p.model(), p.version(), model.adapterShape(),
                model.features().size(), p.adapter());
        return new AdapterUpdate(p.model(), p.version(), bytes, healer(p.model()).decisionThreshold(), p.reason(),
                nowMs);
    }

    /** The model's registry (the current key must be this model). */
    MapStateSnapshotStore store(String modelId) {
        return new MapStateSnapshotStore(registry, slot(modelId).registryIndex);
    }

    /** Model ids held in memory now. */
    int cached() {
        return slots.size();
    }

    /**
     * Runs a throwaway heal on this thread with the shared trainer, so that the first real heal does
     * not pay the thread's first-use costs.
     *
     * @return the milliseconds it took, or NaN when the trainer is not DJL's
     */
    double warmUp(int rows) {
        return trainer() instanceof HealingTrainer t ? t.warmUpThisThread(model.adapter(), rows) : Double.NaN;
    }

    private ModelSlot slot(String modelId) {
        return slots.computeIfAbsent(modelId, id -> new ModelSlot());
    }

    private AdapterTrainer trainer() {
        if (trainer == null) {
            trainer = newTrainer.get();
        }
        return trainer;
    }

    private AdapterEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = newEvaluator.get();
        }
        return evaluator;
    }

    @Override
    public void close() {
        slots.clear();
        try {
            if (trainer != null) {
                trainer.close();
            }
        } finally {
            trainer = null;
            if (evaluator != null) {
                evaluator.close();
                evaluator = null;
            }
        }
    }

    /** The shared trainer as a healer sees it: the healer owns what it is given, this one it must not close. */
    private static final class SharedTrainer implements AdapterTrainer {
        private final AdapterTrainer trainer;

        SharedTrainer(AdapterTrainer trainer) {
            this.trainer = trainer;
        }

        @Override
        public HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config) {
            return trainer.heal(current, optimizer, batch, config);
        }

        @Override
        public void close() {
            // The subtask's ModelHealers closes the shared trainer.
        }
    }
}
