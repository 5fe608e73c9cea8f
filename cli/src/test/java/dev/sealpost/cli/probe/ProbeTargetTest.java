package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.cli.probe.ProbeTarget.Role;
import dev.sealpost.cli.probe.ProbeTarget.TlsMode;
import org.junit.jupiter.api.Test;

class ProbeTargetTest {

  @Test
  void standardPortsImplyModeAndRole() {
    assertThat(ProbeTarget.parse("mx.example.test", null, null))
        .isEqualTo(new ProbeTarget("mx.example.test", 25, TlsMode.STARTTLS, Role.MX));
    assertThat(ProbeTarget.parse("smtp.example.test:465", null, null))
        .isEqualTo(new ProbeTarget("smtp.example.test", 465, TlsMode.IMPLICIT, Role.SUBMISSION));
    assertThat(ProbeTarget.parse("smtp.example.test:587", null, null))
        .isEqualTo(new ProbeTarget("smtp.example.test", 587, TlsMode.STARTTLS, Role.SUBMISSION));
    assertThat(ProbeTarget.parse("smtp.example.test", TlsMode.IMPLICIT, null).port()).isEqualTo(465);
    assertThat(ProbeTarget.parse("h:2525", null, null).mode()).isNull(); // detected by listening
    assertThat(ProbeTarget.parse("h:2525", TlsMode.STARTTLS, Role.MX))
        .isEqualTo(new ProbeTarget("h", 2525, TlsMode.STARTTLS, Role.MX));
  }

  @Test
  void ipv6InBrackets() {
    assertThat(ProbeTarget.parse("[::1]:587", null, null))
        .isEqualTo(new ProbeTarget("::1", 587, TlsMode.STARTTLS, Role.SUBMISSION));
    assertThat(ProbeTarget.parse("[2001:db8::1]", null, null).port()).isEqualTo(25);
    assertThat(ProbeTarget.parse("[::1]:25", null, null).toString()).isEqualTo("[::1]:25");
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> ProbeTarget.parse("h:smtp", null, null)).hasMessageContaining("'smtp'");
    assertThatThrownBy(() -> ProbeTarget.parse("h:70000", null, null)).hasMessageContaining("70000");
    assertThatThrownBy(() -> ProbeTarget.parse("[::1", null, null)).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> ProbeTarget.parse(":25", null, null)).hasMessageContaining("no host");
  }
}
