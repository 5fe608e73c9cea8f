package dev.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  /** Cheap parameters so the round-trip tests stay fast; the known answers below use real ones. */
  static final Argon2Params CHEAP = new Argon2Params(64, 1, 1);

  private final PasswordHasher cheap = new PasswordHasher(CHEAP);
  private final PasswordHasher real = new PasswordHasher();

  // Known answers made by the reference implementation's CLI (Debian package argon2 0~20171227-0.3+deb12u1):
  //   echo -n hunter2 | argon2 sealpostKATsalt1 -id -t 2 -k 19456 -p 1 -e
  static final String KAT_DEFAULT =
      "$argon2id$v=19$m=19456,t=2,p=1$c2VhbHBvc3RLQVRzYWx0MQ$gjChlRDumwY4rk78+TU7ME6/Bhk9kPMpsnMq6CnUCh0";
  //   echo -n password | argon2 somesalt -id -t 2 -m 15 -p 1 -e
  static final String KAT_32MIB =
      "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A";
  //   printf 'p\xc3\xa4ssw\xc3\xb6rd' | argon2 anothersalt -id -t 3 -k 4096 -p 2 -e   (UTF-8 password, 2 lanes)
  static final String KAT_UTF8_TWO_LANES =
      "$argon2id$v=19$m=4096,t=3,p=2$YW5vdGhlcnNhbHQ$G1UIibJt/5kneSXbXPtQP6NiH8Z6tQowQl6EDuygpYI";

  @Test
  void verifiesHashesMadeByTheReferenceImplementation() {
    assertThat(real.verify("hunter2".toCharArray(), KAT_DEFAULT)).isTrue();
    assertThat(real.verify("hunter3".toCharArray(), KAT_DEFAULT)).isFalse();
    assertThat(real.verify("password".toCharArray(), KAT_32MIB)).isTrue();
    assertThat(real.verify("pässwörd".toCharArray(), KAT_UTF8_TWO_LANES)).isTrue();
    assertThat(real.verify("passwörd".toCharArray(), KAT_UTF8_TWO_LANES)).isFalse();
  }

  @Test
  void acceptsTheDovecotSchemePrefix() {
    assertThat(real.verify("hunter2".toCharArray(), "{ARGON2ID}" + KAT_DEFAULT)).isTrue();
    assertThat(real.verify("hunter2".toCharArray(), "{argon2id}" + KAT_DEFAULT)).isTrue();
  }

  @Test
  void defaultHashHasTheOwaspParametersAndRoundTrips() {
    String phc = real.hash("correct horse".toCharArray());
    assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(real.verify("correct horse".toCharArray(), phc)).isTrue();
    assertThat(real.verify("correct horsf".toCharArray(), phc)).isFalse();
  }

  @Test
  void eachHashHasItsOwnSalt() {
    char[] pw = "same".toCharArray();
    assertThat(cheap.hash(pw)).isNotEqualTo(cheap.hash(pw));
  }

  @Test
  void verifyUsesTheStoredParametersNotTheHashersOwn() {
    String phc = cheap.hash("pw".toCharArray());
    assertThat(phc).contains("$m=64,t=1,p=1$");
    assertThat(real.verify("pw".toCharArray(), phc)).isTrue();
  }

  @Test
  void emptyAndNonAsciiPasswordsWork() {
    String empty = cheap.hash(new char[0]);
    assertThat(cheap.verify(new char[0], empty)).isTrue();
    assertThat(cheap.verify(" ".toCharArray(), empty)).isFalse();
    String emoji = cheap.hash("🔑 clé".toCharArray());
    assertThat(cheap.verify("🔑 clé".toCharArray(), emoji)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // absurd parameters a tampered file might carry
      "$argon2id$v=19$m=1048577,t=1,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=999999999,t=1,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=21,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=17$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=0,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=1,p=0$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=15,t=1,p=2$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=1$c2FsdDc$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A", // 5-byte salt
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$YWJj", // 3-byte hash
      // not the one format we accept
      "$argon2i$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2d$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=16$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$t=2,m=4096,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ=$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A=",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A$extra",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ_K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL-Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=1,keyid=x$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A ",
      "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHQ$X",
      "{SHA512-CRYPT}$6$salt$hash",
      "",
  })
  void refusesMalformedOrAbsurdHashesBeforeComputingAnything(String phc) {
    assertThatThrownBy(() -> real.verify("x".toCharArray(), phc)).isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain("XI8TkQ");
  }

  @Test
  void refusesParametersBeyondTheLimitsWhenConfigured() {
    assertThatThrownBy(() -> new Argon2Params(2 * 1024 * 1024, 2, 1)).hasMessageContaining("m=2097152");
    assertThat(new Argon2Params(1024 * 1024, 20, 16).memoryKiB()).isEqualTo(1024 * 1024);
  }
}
