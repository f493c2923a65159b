package dev.selfheal.healer;

import dev.selfheal.model.Calibration;
import dev.selfheal.model.ServedAdapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoes moved inputs without labels: serves the input calibration that maps each moved feature's
 * recent mean and spread back onto its training moments ({@link FeatureWindow}).
 */
public final class RecalibrationRemedy implements Remedy {

    private final List<String> features;

    public RecalibrationRemedy(List<String> features) {
        this.features = features;
    }

    @Override
    public String name() {
        return "recalibration";
    }

    @Override
    public boolean applies(RemedyContext c) {
        return c.config().strategy().recalibrate() && c.calibrationChange() >= c.config().limits().recalibrateMinChange();
    }

    @Override
    public Proposal propose(RemedyContext c, ServedAdapter base) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recalibration", describe(c.recalibration()));
        return new Proposal(base.withCalibration(c.recalibration()), "recalibrated inputs", d);
    }

    private Map<String, Object> describe(Calibration cal) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int j = 0; j < cal.dim(); j++) {
            if (cal.scale()[j] != 1f || cal.shift()[j] != 0f) {
                d.put(features.get(j), List.of(cal.scale()[j], cal.shift()[j]));
            }
        }
        return d;
    }
}
