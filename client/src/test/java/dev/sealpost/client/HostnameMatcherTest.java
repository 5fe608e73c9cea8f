package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {

  @Test
  void wildcardOnlyAsWholeLeftmostLabel() {
    assertThat(HostnameMatcher.matchesDns("*.example.com", "mx.example.com")).isTrue();
    assertThat(HostnameMatcher.matchesDns("*.example.com", "a.b.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("*.example.com", "example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("m*.example.com", "mx.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("mx.*.com", "mx.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("*.com", "example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("MX.Example.COM.", "mx.example.com")).isTrue();
  }

  @Test
  void ipAddressesMatchOnlyIpEntries() {
    var ca = TestPki.authority("CA");
    var byIp = TestPki.server(ca, List.of("127.0.0.1"));
    assertThat(HostnameMatcher.matches(byIp.certificate(), "127.0.0.1")).isTrue();
    assertThat(HostnameMatcher.matches(byIp.certificate(), "localhost")).isFalse();
    var byName = TestPki.server(ca, List.of("mx.test", "mail.test"));
    assertThat(HostnameMatcher.matches(byName.certificate(), "MAIL.test")).isTrue();
    assertThat(HostnameMatcher.matches(byName.certificate(), "127.0.0.1")).isFalse();
    assertThat(HostnameMatcher.names(byName.certificate())).containsExactly("mx.test", "mail.test");
  }

  @Test
  void commonNameIsIgnoredWhenSubjectAltNamesExist() {
    // TestPki puts the first name in the CN too; with SANs present the CN must not count.
    var ca = TestPki.authority("CA");
    var other = TestPki.server(ca, List.of("cn-only.test", "san.test"));
    assertThat(HostnameMatcher.matches(other.certificate(), "san.test")).isTrue();
    var noSan = dev.sealpost.tls.CertificateBuilder.server("legacy.test")
        .issue(dev.sealpost.tls.KeyType.EC_P256.generate().getPublic(), ca.certificate(), ca.key());
    assertThat(HostnameMatcher.matches(noSan, "legacy.test")).isTrue(); // RFC 6125 §6.4.4: no SAN at all
    var sanElsewhere = dev.sealpost.tls.CertificateBuilder.server("legacy.test").subjectAltNames(List.of("new.test"))
        .issue(dev.sealpost.tls.KeyType.EC_P256.generate().getPublic(), ca.certificate(), ca.key());
    assertThat(HostnameMatcher.matches(sanElsewhere, "legacy.test")).isFalse();
  }
}
