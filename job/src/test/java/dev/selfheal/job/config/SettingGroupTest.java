package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingGroupTest {
    public static final class Ordered {
        public static final Setting<Integer> SECOND_KEY = Setting.integer("t.b", 1, 0, 9, "declared first");
        public static final Setting<Integer> FIRST_KEY = Setting.integer("t.a", 1, 0, 9, "declared second");
        public static final String NOT_A_SETTING = "t.c";
    }

    public static final class Hidden {
        public static final Setting<Integer> SHOWN = Setting.integer("h.a", 1, 0, 9, "a");
        static final Setting<Integer> HIDDEN = Setting.integer("h.b", 1, 0, 9, "b");
    }

    public static final class Empty {
        public static final String NAME = "e";
    }

    @Test
    void collectsTheSettingConstantsInDeclarationOrder() {
        SettingGroup g = SettingGroup.of("T", Ordered.class);

        assertThat(g.title()).isEqualTo("T");
        assertThat(g.settings()).containsExactly(Ordered.SECOND_KEY, Ordered.FIRST_KEY);
    }

    @Test
    void aSettingThatIsNotPublicStaticFinalIsRefusedByName() {
        assertThatThrownBy(() -> SettingGroup.of("H", Hidden.class)).hasMessageContaining("Hidden.HIDDEN")
                .hasMessageContaining("public static final");
    }

    @Test
    void aClassWithoutSettingsIsRefused() {
        assertThatThrownBy(() -> SettingGroup.of("E", Empty.class)).hasMessageContaining("Empty holds no settings");
    }
}
