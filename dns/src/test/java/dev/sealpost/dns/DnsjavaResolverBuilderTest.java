package dev.sealpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsjavaResolverBuilderTest {

  @Test
  void withoutServersTheSystemResolversAreUsed() {
    assertThat(DnsjavaResolver.builder().build()).isNotNull();
  }

  @Test
  void settingsOutOfRangeAreNamed() {
    DnsjavaResolver.Builder builder = DnsjavaResolver.builder();

    assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> builder.retries(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> builder.retries(11)).hasMessageContaining("11");
    assertThatThrownBy(() -> builder.cacheSize(-5)).hasMessageContaining("-5");
  }

  @Test
  void timeoutsAreCheckedOftenEnoughToMatchTheSetting() {
    DnsjavaResolver.builder().build();

    assertThat(Integer.getInteger("dnsjava.nio.selector_timeout")).isLessThanOrEqualTo(100);
  }
}
