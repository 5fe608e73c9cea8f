package dev.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

  @Test
  void createsByNameIgnoringCase() {
    assertThat(SaslMechanisms.create("plain")).containsInstanceOf(PlainMechanism.class);
    assertThat(SaslMechanisms.create("Login")).containsInstanceOf(LoginMechanism.class);
    assertThat(SaslMechanisms.create("CRAM-MD5")).isEmpty();
    assertThat(SaslMechanisms.create("")).isEmpty();
    assertThat(SaslMechanisms.names()).containsExactly("PLAIN", "LOGIN");
  }

  @Test
  void eachCreateIsAFreshExchange() {
    assertThat(SaslMechanisms.create("PLAIN").orElseThrow()).isNotSameAs(SaslMechanisms.create("PLAIN").orElseThrow());
  }

  /** Random text, random base64 of random bytes (often with NULs), and the tokens with meaning. */
  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(400);
    Arbitrary<String> base64 = Arbitraries.bytes().array(byte[].class).ofMaxSize(800)
        .map(b -> java.util.Base64.getEncoder().encodeToString(b));
    Arbitrary<String> structured = Arbitraries.strings().withChars("a\0é@ ").ofMaxLength(20)
        .map(PlainMechanismTest::b64);
    return Arbitraries.oneOf(text, base64, structured, Arbitraries.of("*", "=", "", " "));
  }

  @Property(tries = 500)
  void plainNeverThrows(@ForAll("lines") String first, @ForAll("lines") String second, @ForAll boolean initial) {
    exchange("PLAIN", first, second, initial);
  }

  @Property(tries = 500)
  void loginNeverThrows(@ForAll("lines") String first, @ForAll("lines") String second,
      @ForAll("lines") String third, @ForAll boolean initial) {
    exchange("LOGIN", first, second, initial).next(third);
  }

  private static SaslServerMechanism exchange(String name, String first, String second, boolean initial) {
    SaslServerMechanism m = SaslMechanisms.create(name).orElseThrow();
    SaslStep step = m.start(initial ? Optional.of(first) : Optional.empty());
    assertThat(step).isNotNull();
    if (!initial) {
      assertThat(m.next(first)).isNotNull();
    }
    SaslStep after = m.next(second);
    if (after instanceof SaslStep.Done done) {
      assertThat(done.credentials().authenticationId()).isNotEmpty().doesNotContain("\0");
      assertThat(done.credentials().password()).isNotEmpty();
    }
    return m;
  }
}
