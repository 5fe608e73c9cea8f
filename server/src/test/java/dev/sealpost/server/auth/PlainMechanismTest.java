package dev.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainMechanismTest {

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Credentials done(SaslStep step) {
    assertThat(step).isInstanceOf(SaslStep.Done.class);
    return ((SaslStep.Done) step).credentials();
  }

  @Test
  void initialResponse() {
    Credentials c = done(new PlainMechanism().start(Optional.of(b64("\0alice@x.org\0wonder land"))));
    assertThat(c.authorizationId()).isEmpty();
    assertThat(c.authenticationId()).isEqualTo("alice@x.org");
    assertThat(c.password()).containsExactly("wonder land".toCharArray());
  }

  @Test
  void rfc4616Example() {
    // RFC 4616 §4: "Tim" authorizes as "Ursel" with password "tanstaaftanstaaf".
    Credentials c = done(new PlainMechanism().start(Optional.of("VXJzZWwAS3VydAB4aXBoI3hpcGg=")));
    assertThat(c.authorizationId()).isEqualTo("Ursel");
    assertThat(c.authenticationId()).isEqualTo("Kurt");
    assertThat(c.password()).containsExactly("xiph#xiph".toCharArray());
  }

  @Test
  void emptyChallengeThenResponse() {
    PlainMechanism m = new PlainMechanism();
    assertThat(m.start(Optional.empty())).isEqualTo(new SaslStep.Challenge(""));
    Credentials c = done(m.next(b64("alice@x.org\0alice@x.org\0pässwörd")));
    assertThat(c.authorizationId()).isEqualTo("alice@x.org");
    assertThat(c.password()).containsExactly("pässwörd".toCharArray());
  }

  @Test
  void starAborts() {
    PlainMechanism m = new PlainMechanism();
    m.start(Optional.empty());
    assertThat(m.next("*")).isEqualTo(new SaslStep.Aborted());
    assertThat(m.next(b64("\0a\0b"))).isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void fieldsOf255OctetsAreAccepted() {
    String f = "é".repeat(127) + "x"; // 255 octets
    Credentials c = done(new PlainMechanism().start(Optional.of(b64(f + "\0" + f + "\0" + f))));
    assertThat(c.authenticationId()).isEqualTo(f);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "=",                       // empty message
      "*",                       // not base64 (abort is only an answer to a challenge)
      "AGFsaWNlAHB3 ",           // trailing space
      " AGFsaWNlAHB3",
      "AGFsaWNl\tAHB3",
      "AGFsaWNlAHB",             // missing padding
      "AGFsaWNlAHB3A",
      "AGFsaWNlAHB3====",
      "AGFs!WNlAHB3",
      "AGFsaWNl-HB3",            // url-safe alphabet
  })
  void malformedBase64(String line) {
    // Control: "AGFsaWNlAHB3" is "\0alice\0pw", well formed; each case below breaks it one way.
    assertThat(new PlainMechanism().start(Optional.of("AGFsaWNlAHB3"))).isInstanceOf(SaslStep.Done.class);
    assertThat(new PlainMechanism().start(Optional.of(line))).isInstanceOf(SaslStep.Malformed.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "alice",                 // no NUL
      "\0alice",               // one NUL
      "\0alice\0pw\0",         // three NULs
      "\0alice\0p\0w",
      "\0\0pw",                // empty authcid
      "\0alice\0",             // empty password
      "\0\0",
  })
  void malformedStructure(String message) {
    assertThat(new PlainMechanism().start(Optional.of(b64(message)))).isInstanceOf(SaslStep.Malformed.class);
    PlainMechanism m = new PlainMechanism();
    m.start(Optional.empty());
    assertThat(m.next(b64(message))).isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void fieldsLongerThan255OctetsAreRefused() {
    String big = "x".repeat(256);
    assertThat(new PlainMechanism().start(Optional.of(b64(big + "\0a\0b")))).isInstanceOf(SaslStep.Malformed.class);
    assertThat(new PlainMechanism().start(Optional.of(b64("\0" + big + "\0b")))).isInstanceOf(SaslStep.Malformed.class);
    assertThat(new PlainMechanism().start(Optional.of(b64("\0a\0" + big)))).isInstanceOf(SaslStep.Malformed.class);
    assertThat(new PlainMechanism().start(Optional.of("QUFB".repeat(10_000)))).isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] m = {0, 'a', 0, (byte) 0xc3, (byte) 0x28};
    assertThat(new PlainMechanism().start(Optional.of(Base64.getEncoder().encodeToString(m))))
        .isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void malformedReasonsNeverRepeatTheInput() {
    SaslStep step = new PlainMechanism().start(Optional.of(b64("\0alice\0hunter2\0")));
    assertThat(((SaslStep.Malformed) step).why()).doesNotContain("hunter2").doesNotContain(b64("hunter2"));
  }

  @Test
  void noFurtherLinesAfterDone() {
    PlainMechanism m = new PlainMechanism();
    m.start(Optional.of(b64("\0a\0b")));
    assertThat(m.next(b64("\0a\0b"))).isInstanceOf(SaslStep.Malformed.class);
    assertThat(new PlainMechanism().next(b64("\0a\0b"))).isInstanceOf(SaslStep.Malformed.class);
  }
}
