package dev.selfheal.job.heal;

import org.apache.flink.util.OutputTag;

/**
 * Where HEAL's collaborators put side-output records: the operator passes its context's
 * {@code output} method ({@code ctx::output}); tests collect into a list.
 */
@FunctionalInterface
interface SideOutputs {
    <T> void emit(OutputTag<T> tag, T value);
}
