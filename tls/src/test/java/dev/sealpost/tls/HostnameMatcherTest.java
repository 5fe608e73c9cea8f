package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {

  private static final KeyPair CA_KEYS = KeyType.EC_P256.generate();
  private static final X509Certificate CA = CertificateBuilder.authority("CA").selfSigned(CA_KEYS);

  /** A server certificate with these subjectAltNames and the first of them as CN. */
  private static X509Certificate server(List<String> names) {
    return CertificateBuilder.server(names.getFirst()).subjectAltNames(names)
        .issue(KeyType.EC_P256.generate().getPublic(), CA, CA_KEYS.getPrivate());
  }

  @Test
  void wildcardOnlyAsWholeLeftmostLabel() {
    assertThat(HostnameMatcher.matchesDns("*.example.com", "mx.example.com")).isTrue();
    assertThat(HostnameMatcher.matchesDns("*.example.com", "a.b.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("*.example.com", "example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("m*.example.com", "mx.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("mx.*.com", "mx.example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("*.com", "example.com")).isFalse();
    assertThat(HostnameMatcher.matchesDns("MX.Example.COM.", "mx.example.com")).isTrue();
    assertThat(HostnameMatcher.matches(server(List.of("xn--bcher-kva.example")), "bücher.example")).isTrue();
  }

  @Test
  void ipAddressesMatchOnlyIpEntries() {
    var byIp = server(List.of("127.0.0.1"));
    assertThat(HostnameMatcher.matches(byIp, "127.0.0.1")).isTrue();
    assertThat(HostnameMatcher.matches(byIp, "localhost")).isFalse();
    var byName = server(List.of("mx.test", "mail.test"));
    assertThat(HostnameMatcher.matches(byName, "MAIL.test")).isTrue();
    assertThat(HostnameMatcher.matches(byName, "mx.test.")).isTrue();
    assertThat(HostnameMatcher.matches(byName, "127.0.0.1")).isFalse();
    assertThat(HostnameMatcher.names(byName)).containsExactly("mx.test", "mail.test");
  }

  @Test
  void commonNameIsIgnoredWhenSubjectAltNamesExist() {
    // The first name is in the CN too; with SANs present the CN must not count.
    var other = server(List.of("cn-only.test", "san.test"));
    assertThat(HostnameMatcher.matches(other, "san.test")).isTrue();
    var noSan = CertificateBuilder.server("legacy.test")
        .issue(KeyType.EC_P256.generate().getPublic(), CA, CA_KEYS.getPrivate());
    assertThat(HostnameMatcher.matches(noSan, "legacy.test")).isTrue(); // RFC 6125 §6.4.4: no SAN at all
    var sanElsewhere = CertificateBuilder.server("legacy.test").subjectAltNames(List.of("new.test"))
        .issue(KeyType.EC_P256.generate().getPublic(), CA, CA_KEYS.getPrivate());
    assertThat(HostnameMatcher.matches(sanElsewhere, "legacy.test")).isFalse();
  }
}
