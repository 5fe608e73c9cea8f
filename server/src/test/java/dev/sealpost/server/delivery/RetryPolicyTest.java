package dev.sealpost.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysDoubleUpToTheCap() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 10);
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delayAfter(1000)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
