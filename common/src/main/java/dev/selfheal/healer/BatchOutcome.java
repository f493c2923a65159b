package dev.selfheal.healer;

import dev.selfheal.labels.ScoredBatch;

import java.util.List;

/**
 * What processing one heal batch produced.
 *
 * @param scored the batch as it was scored, for label requests (null when not given)
 */
public record BatchOutcome(List<PublishedAdapter> published, BatchMetrics metrics, List<AuditRecord> audit,
                           ScoredBatch scored) {

    public BatchOutcome(List<PublishedAdapter> published, BatchMetrics metrics, List<AuditRecord> audit) {
        this(published, metrics, audit, null);
    }
}
