/**
 * Symbolic domain rules such as {@code V14 < -1.5 => fraud}: parsed once from text
 * ({@link dev.selfheal.rules.RuleParser}), evaluated on raw rows for every record
 * ({@link dev.selfheal.rules.RuleSet}), and compared with the model to find conflicts
 * ({@link dev.selfheal.rules.Conflicts}), one of the reference's heal triggers.
 *
 * <pre>
 * rules      := rule ((';' | newline) rule)*        blank rules are skipped
 * rule       := condition '=>' ('fraud' | 'normal')
 * condition  := all ('or' all)*
 * all        := term ('and' term)*                  'and' binds tighter than 'or'
 * term       := FEATURE ('&lt;' | '&lt;=' | '&gt;' | '&gt;=') NUMBER | '(' condition ')'
 * </pre>
 * Keywords are case-insensitive; feature names are matched exactly.
 */
package dev.selfheal.rules;
