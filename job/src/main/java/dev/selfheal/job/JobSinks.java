package dev.selfheal.job;

import org.apache.flink.api.connector.sink2.Sink;

/** Where the job writes: JSON lines for events, CSV rows for batch metrics. */
public record JobSinks(Sink<String> scored, Sink<String> metrics, Sink<String> audit, Sink<String> deadLetters,
                       Sink<String> adapters, Sink<String> applied) {
}
