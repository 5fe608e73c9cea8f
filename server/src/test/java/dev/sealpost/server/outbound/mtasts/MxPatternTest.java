package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MxPatternTest {

  @ParameterizedTest
  @CsvSource({
      "mail.example.com,   mail.example.com,       true",
      "mail.example.com,   MAIL.Example.COM.,      true",
      "mail.example.com,   mail2.example.com,      false",
      "mail.example.com,   example.com,            false",
      "*.example.net,      mx1.example.net,        true",
      "*.example.net,      MX1.EXAMPLE.NET.,       true",
      "*.example.net,      example.net,            false",
      "*.example.net,      a.b.example.net,        false",
      "*.example.net,      mx1.example.net.evil,   false",
      "*.example.net,      mx1example.net,         false",
      "*.Example.NET.,     mx1.example.net,        true",
  })
  void rfc8461Section41Matching(String pattern, String host, boolean matches) {
    assertThat(MxPattern.parse(pattern).matches(host)).isEqualTo(matches);
  }

  @Test
  void effectivePolicyPermits() {
    StsPolicy enforce = new StsPolicy(StsMode.ENFORCE, List.of(MxPattern.parse("*.mx.example")), Duration.ZERO, "");
    EffectivePolicy applied = new EffectivePolicy("example", Optional.of(enforce), Optional.empty());
    EffectivePolicy none = EffectivePolicy.none("example", Optional.empty());

    assertThat(applied.permits("a.mx.example")).isTrue();
    assertThat(applied.permits("evil.example")).isFalse();
    assertThat(none.permits("anything.example")).isTrue();
    assertThat(none.mode()).isEqualTo(StsMode.NONE);
    assertThat(none.mxPatterns()).isEmpty();
  }
}
