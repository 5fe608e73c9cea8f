package dev.sealpost.server.auth;

import static dev.sealpost.server.auth.PlainMechanismTest.b64;
import static dev.sealpost.server.auth.PlainMechanismTest.done;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginMechanismTest {

  @Test
  void challengesForUsernameThenPassword() {
    LoginMechanism m = new LoginMechanism();
    assertThat(m.start(Optional.empty())).isEqualTo(new SaslStep.Challenge("VXNlcm5hbWU6"));
    assertThat(m.next(b64("alice@x.org"))).isEqualTo(new SaslStep.Challenge("UGFzc3dvcmQ6"));
    Credentials c = done(m.next(b64("wonder land")));
    assertThat(c.authorizationId()).isEmpty();
    assertThat(c.authenticationId()).isEqualTo("alice@x.org");
    assertThat(c.password()).containsExactly("wonder land".toCharArray());
  }

  @Test
  void initialResponseIsTheUsername() {
    LoginMechanism m = new LoginMechanism();
    assertThat(m.start(Optional.of(b64("alice@x.org")))).isEqualTo(new SaslStep.Challenge("UGFzc3dvcmQ6"));
    assertThat(done(m.next(b64("pässwörd"))).password()).containsExactly("pässwörd".toCharArray());
  }

  @Test
  void starAbortsAtEitherPrompt() {
    LoginMechanism m = new LoginMechanism();
    m.start(Optional.empty());
    assertThat(m.next("*")).isEqualTo(new SaslStep.Aborted());
    LoginMechanism n = new LoginMechanism();
    n.start(Optional.of(b64("a")));
    assertThat(n.next("*")).isEqualTo(new SaslStep.Aborted());
    assertThat(n.next(b64("pw"))).isInstanceOf(SaslStep.Malformed.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "=", "YQ", "YQ= ", " YQ==", "Y Q==", "YQ==YQ==", "YW\u00e9=", "AA==", "YQBi",
      "YWFh-A==", "wyg="})
  void malformedUsername(String line) {
    LoginMechanism m = new LoginMechanism();
    m.start(Optional.empty());
    assertThat(m.next(line)).isInstanceOf(SaslStep.Malformed.class);
    if (!line.isEmpty()) {
      assertThat(new LoginMechanism().start(Optional.of(line))).isInstanceOf(SaslStep.Malformed.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "=", "cHc", "cHc= ", "AA==", "cABx", "wyg="})
  void malformedPassword(String line) {
    LoginMechanism m = new LoginMechanism();
    m.start(Optional.of(b64("alice")));
    assertThat(m.next(line)).isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void fieldsAreLimitedTo255Octets() {
    LoginMechanism m = new LoginMechanism();
    assertThat(m.start(Optional.of(b64("x".repeat(255))))).isInstanceOf(SaslStep.Challenge.class);
    assertThat(m.next(b64("y".repeat(256)))).isInstanceOf(SaslStep.Malformed.class);
    assertThat(new LoginMechanism().start(Optional.of(b64("x".repeat(256))))).isInstanceOf(SaslStep.Malformed.class);
    byte[] huge = new byte[100_000];
    assertThat(new LoginMechanism().start(Optional.of(Base64.getEncoder().encodeToString(huge))))
        .isInstanceOf(SaslStep.Malformed.class);
  }

  @Test
  void noLinesBeforeStartOrAfterDone() {
    assertThat(new LoginMechanism().next(b64("a"))).isInstanceOf(SaslStep.Malformed.class);
    LoginMechanism m = new LoginMechanism();
    m.start(Optional.of(b64("a")));
    m.next(b64("b"));
    assertThat(m.next(b64("c"))).isInstanceOf(SaslStep.Malformed.class);
  }
}
