package dev.selfheal.job.cli;

import java.util.List;

/**
 * Commands that another module adds to {@link Main}, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.selfheal.job.cli.CommandSet}). The lab module adds its commands this
 * way, so the job module, and the cluster jar built from it, never depends on the lab.
 */
public interface CommandSet {
    /** picocli commands: classes annotated with {@code @Command}, or instances of them. */
    List<Object> commands();
}
