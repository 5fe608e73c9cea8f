package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.CertificateAssessment.HostNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNamesTest {

  @ParameterizedTest
  @CsvSource({
      "mx.example.test, mx.example.test, true",
      "MX.Example.Test, mx.example.test, true",
      "*.example.test, mx.example.test, true",
      "*.example.test, example.test, false",
      "*.example.test, a.b.example.test, false",
      "*.test, example.test, false",        // a wildcard may not cover a whole public suffix-like label
      "m*.example.test, mx.example.test, false",
      "mx.example.test, mx.example.test., true",
      "mx.example.test, other.example.test, false",
  })
  void dnsIdRules(String pattern, String host, boolean expected) {
    assertThat(HostNames.dnsIdMatches(HostNames.normalise(pattern), HostNames.normalise(host))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"bücher.example, xn--bcher-kva.example"})
  void idnComparedAsALabels(String unicode, String ascii) {
    assertThat(HostNames.normalise(unicode)).isEqualTo(ascii);
  }
}
