package dev.selfheal.lab.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/** What an experiment wrote, and its summary as JSON. */
public record ExperimentResult(Path out, ObjectNode summary, double seconds) {
}
