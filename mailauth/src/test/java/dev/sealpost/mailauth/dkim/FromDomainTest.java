package dev.sealpost.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The author domain DMARC is judged by: comments and quoted strings must not be able to change it. */
class FromDomainTest {

  private static Optional<String> from(String value) {
    return DkimSigning.fromDomain(("From: " + value + "\r\nSubject: x\r\n\r\n").getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "alice@example.com|example.com",
      "Alice <alice@Example.COM>|example.com",
      "\"Alice Smith\" <alice@example.com>|example.com",
      "ceo@bank.example (<attacker@evil.test>)|bank.example",
      "\"<attacker@evil.test>\" <ceo@bank.example>|bank.example",
      "(comment (nested <x@evil.test>)) ceo@bank.example|bank.example",
      "\"quoted \\\" <x@evil.test>\" <ceo@bank.example>|bank.example",
      "alice@example.com, bob@other.test|NONE",
      "<a@example.com> <b@other.test>|NONE",
      "undisclosed-recipients:;|NONE",
      "no address here|NONE",
      "\"unterminated <x@evil.test>|NONE",
      "(unbalanced <x@evil.test>|NONE",
      "<alice@[192.0.2.1]>|NONE"})
  void authorDomain(String value, String expected) {
    assertThat(from(value)).isEqualTo(Optional.ofNullable(expected));
  }

  @Property(tries = 2000)
  void neverThrows(@ForAll String value) {
    from(value.replace("\r", "").replace("\n", ""));
  }
}
