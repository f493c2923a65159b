/**
 * Label-free concept-drift signals: the served inputs as the frozen backbone sees them (each hidden
 * unit's distribution against training) and the deployed network's output entropy, measured per heal
 * batch against statistics the model directory keeps, so no training data is needed at run time.
 */
package dev.selfheal.signals;
