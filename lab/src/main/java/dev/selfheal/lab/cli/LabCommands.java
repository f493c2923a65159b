package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.CommandSet;
import dev.selfheal.lab.bench.BenchCommand;

import java.util.List;

/** The lab's commands, listed first in {@code selfheal --help}: {@code demo} is where a newcomer starts. */
public final class LabCommands implements CommandSet {
    @Override
    public List<Object> commands() {
        return List.of(DemoCommand.class, ExperimentCommand.class, ZooCommand.class, BenchCommand.class);
    }
}
