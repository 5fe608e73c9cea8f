package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressLiteralTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[192.0.2.1]                      | 192.0.2.1",
      "[0.0.0.0]                        | 0.0.0.0",
      "[255.255.255.255]                | 255.255.255.255",
      "[010.001.0.1]                    | 10.1.0.1",
      "[IPv6:2001:db8::1]               | 2001:db8:0:0:0:0:0:1",
      "[ipv6:2001:DB8::1]               | 2001:db8:0:0:0:0:0:1",
      "[IPv6:::]                        | 0:0:0:0:0:0:0:0",
      "[IPv6:::1]                       | 0:0:0:0:0:0:0:1",
      "[IPv6:1::]                       | 1:0:0:0:0:0:0:0",
      "[IPv6:1:2:3:4:5:6:7:8]           | 1:2:3:4:5:6:7:8",
      "[IPv6:1:2:3::6:7:8]              | 1:2:3:0:0:6:7:8",
      "[IPv6:1:2:3:4:5:6:1.2.3.4]       | 1:2:3:4:5:6:102:304",
      "[IPv6:1:2::5.6.7.8]              | 1:2:0:0:0:0:506:708",
      "[IPv6:::192.0.2.1]               | 0:0:0:0:0:0:c000:201",
      "[IPv6:abcd:ef01:2345:6789:ABCD:EF01:2345:6789] | abcd:ef01:2345:6789:abcd:ef01:2345:6789"})
  void valid(String literal, String host) throws Exception {
    AddressLiteral a = AddressLiteral.parse(literal);
    assertThat(a.literal()).isEqualTo(literal);
    assertThat(a.ascii()).isEqualTo(literal);
    assertThat(a.unicode()).isEqualTo(literal);
    assertThat(a.needsSmtpUtf8()).isFalse();
    assertThat(a).hasToString(literal);
    assertThat(a.address()).isEqualTo(InetAddress.getByName(host));
  }

  @Test
  void familiesAreRight() {
    assertThat(AddressLiteral.parse("[192.0.2.1]").address()).isInstanceOf(Inet4Address.class);
    assertThat(AddressLiteral.parse("[IPv6:2001:db8::1]").address()).isInstanceOf(Inet6Address.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "[", "]", "192.0.2.1", "[192.0.2.1", "192.0.2.1]", "[192.0.2]", "[192.0.2.1.5]",
      "[256.0.0.1]", "[1.2.3.-4]", "[1.2.3.4 ]", "[ 1.2.3.4]", "[1.2.3.0004]", "[1..2.3]", "[0x7f.0.0.1]",
      "[2130706433]", "[localhost]", "[example.test]", "[IPv6:]", "[IPv6:1]", "[IPv6:1:2:3:4:5:6:7]",
      "[IPv6:1:2:3:4:5:6:7:8:9]", "[IPv6:1:2:3:4:5:6:7::]", "[IPv6:1::2::3]", "[IPv6::::1]", "[IPv6::1]",
      "[IPv6:1:]", "[IPv6:12345::1]", "[IPv6:g::1]", "[IPv6:fe80::1%eth0]", "[IPv6:1:2:3:4:5:6:7:1.2.3.4]",
      "[IPv6:1.2.3.4::]", "[IPv6:::1.2.3]", "[IPv6:::1.2.3.256]", "[2001:db8::1]", "[IPv4:1.2.3.4]",
      "[x-tag:anything]", "[IPv6:1:2:3:4:5:6:7::8]", "[IPv6:1:2:3:4:5::1.2.3.4]", "[١.2.3.4]"})
  void invalid(String literal) {
    assertThatIllegalArgumentException().isThrownBy(() -> AddressLiteral.parse(literal))
        .withMessageContaining("'" + literal);
  }

  @Test
  void constructorChecksLiteralAndAddressAgree() throws Exception {
    InetAddress a = InetAddress.getByName("192.0.2.1");
    assertThat(new AddressLiteral("[192.0.2.1]", a).address()).isEqualTo(a);
    assertThatIllegalArgumentException().isThrownBy(() -> new AddressLiteral("[192.0.2.2]", a));
  }
}
