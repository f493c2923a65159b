package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfileTest {
    @Test
    void theProfileKeyNamesEachProfile() {
        assertThat(Profile.ids()).containsExactly("selfheal", "reference");
        assertThat(Profile.of("reference")).isEqualTo(Profile.REFERENCE);
        assertThat(ProfileSettings.PROFILE.defaultValue()).isEqualTo("selfheal");
    }

    @Test
    void anUnknownProfileIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> Profile.of("fast")).hasMessageContaining("'fast'")
                .hasMessageContaining("[selfheal, reference]");
    }

    @Test
    void ourProfileIsTheDefaults() {
        assertThat(Profile.SELFHEAL.overrides()).isEmpty();
    }

    @Test
    void aProfileSetsOnlyKnownSettingsAndEachToAnotherValueThanItsDefault() {
        for (Profile p : Profile.values()) {
            p.overrides().forEach((s, v) -> {
                assertThat(Settings.byKey().get(s.key())).as(s.key()).isSameAs(s);
                assertThat(v).as(s.key()).isNotEqualTo(s.defaultValue());
            });
        }
    }
}
