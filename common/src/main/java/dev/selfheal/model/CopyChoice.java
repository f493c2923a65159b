package dev.selfheal.model;

import java.util.List;

/**
 * Which copy of a backbone is served: the first candidate whose output is the module's on the
 * probe rows within {@link TorchScriptImport#TOLERANCE}, or none.
 *
 * @param tried     the candidate taken, or when none is, the first tried (null when there were none)
 * @param taken     the copy taken, or null
 * @param probeDiff {@code tried}'s largest difference on the probe rows (NaN with no candidate)
 */
record CopyChoice(LinearChain.Candidate tried, LinearChain.Copy taken, double probeDiff) {
    static CopyChoice of(TorchScriptModule backbone, List<LinearChain.Candidate> candidates, float[][] probe, int d) {
        if (candidates.isEmpty()) {
            return new CopyChoice(null, null, Double.NaN);
        }
        // The module runs once; each candidate is only its copy on the same rows.
        float[] module = TorchScriptImport.moduleOutput(backbone, probe, d);
        CopyChoice first = null;
        for (LinearChain.Candidate c : candidates) {
            double diff = TorchScriptImport.backboneDifference(module, c.copy(), probe);
            if (diff <= TorchScriptImport.TOLERANCE) {
                return new CopyChoice(c, c.copy(), diff);
            }
            if (first == null) {
                first = new CopyChoice(c, null, diff);
            }
        }
        return first;
    }
}
