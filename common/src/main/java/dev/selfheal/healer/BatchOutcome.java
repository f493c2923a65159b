package dev.selfheal.healer;

import java.util.List;

/** What processing one heal batch produced. */
public record BatchOutcome(List<PublishedAdapter> published, BatchMetrics metrics, List<AuditRecord> audit) {
}
