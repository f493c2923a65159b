package dev.selfheal.healer;

import java.util.List;

/** What a control command did: adapters to publish (a rollback or an approval) and its audit record. */
public record ControlOutcome(List<PublishedAdapter> published, AuditRecord audit) {
}
