package dev.sealpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsServerTest {

  @Test
  void ipv4WithPort() throws Exception {
    assertThat(DnsServer.parse("127.0.0.1:5353"))
        .isEqualTo(new DnsServer(InetAddress.getByName("127.0.0.1"), 5353));
  }

  @Test
  void ipv6InBracketsWithAndWithoutPort() throws Exception {
    assertThat(DnsServer.parse("[::1]:53")).isEqualTo(new DnsServer(InetAddress.getByName("::1"), 53));
    assertThat(DnsServer.parse("[2001:db8::1]")).isEqualTo(new DnsServer(InetAddress.getByName("2001:db8::1"), 53));
  }

  @Test
  void portDefaultsTo53() {
    assertThat(DnsServer.parse("192.0.2.53").port()).isEqualTo(53);
  }

  @Test
  void printsWhatItParses() {
    assertThat(DnsServer.parse("[2001:db8::1]:5300")).hasToString("[2001:db8:0:0:0:0:0:1]:5300");
    assertThat(DnsServer.parse("10.0.0.1:53")).hasToString("10.0.0.1:53");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost:53", "::1", "::1:53", "[::1", "[::1]53", "[127.0.0.1]:53", "[]:53",
      "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:", "1.2.3.4:-1", "1.2.3.4:+53", "1.2.3:53", "256.1.1.1:53",
      "1.2.3.4:53:53", " 1.2.3.4:53", "1.2.3.4:99999999999"})
  void rejectsWithAMessageNamingTheText(String text) {
    assertThatThrownBy(() -> DnsServer.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Property
  void ipv4RoundTrips(@ForAll("ipv4") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
    DnsServer server = DnsServer.parse(host + ":" + port);

    assertThat(server.port()).isEqualTo(port);
    assertThat(server.address().getHostAddress()).isEqualTo(host);
    assertThat(DnsServer.parse(server.toString())).isEqualTo(server);
  }

  @Property
  void ipv6RoundTrips(@ForAll("ipv6") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
    DnsServer server = DnsServer.parse("[" + host + "]:" + port);

    assertThat(DnsServer.parse(server.toString())).isEqualTo(server);
  }

  @Property
  void anyTextParsesOrIsRejectedWithIllegalArgument(@ForAll("serverLike") String text) {
    try {
      DnsServer server = DnsServer.parse(text);
      assertThat(server.port()).isBetween(1, 65535);
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageContaining(text);
    }
  }

  @Provide
  Arbitrary<String> ipv4() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Combinators.combine(octet, octet, octet, octet).as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
  }

  @Provide
  Arbitrary<String> ipv6() {
    return Arbitraries.integers().between(0, 0xFFFF).list().ofSize(8)
        .map(groups -> String.join(":", groups.stream().map(Integer::toHexString).toList()));
  }

  @Provide
  Arbitrary<String> serverLike() {
    return Arbitraries.strings().withChars("0123456789abcdef.:[]% -x").ofMaxLength(45);
  }
}
