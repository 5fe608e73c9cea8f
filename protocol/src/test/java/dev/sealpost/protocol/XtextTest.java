package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XtextTest {

  @Test
  void encodesPlusEqualsSpaceControlsAndNonAscii() {
    assertThat(Xtext.encode("user+tag@example.test")).isEqualTo("user+2Btag@example.test");
    assertThat(Xtext.encode("e=mc2")).isEqualTo("e+3Dmc2");
    assertThat(Xtext.encode("a b\r\n")).isEqualTo("a+20b+0D+0A");
    assertThat(Xtext.encode("é")).isEqualTo("+C3+A9");
    assertThat(Xtext.encode("<>")).isEqualTo("<>");
    assertThat(Xtext.encode("")).isEmpty();
    assertThat(Xtext.encode("~!\"#")).isEqualTo("~!\"#");
  }

  @Test
  void decodes() {
    assertThat(Xtext.decode("user+2Btag@example.test")).isEqualTo("user+tag@example.test");
    assertThat(Xtext.decode("+C3+A9")).isEqualTo("é");
    assertThat(Xtext.decode("a+20b")).isEqualTo("a b");
    assertThat(Xtext.decode("")).isEmpty();
  }

  @Test
  void toleratesLowerCaseHex() {
    assertThat(Xtext.decode("a+2bb")).isEqualTo("a+b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=b", "a+", "a+2", "a+GG", "a+ 2B", "a b", "é", "a\tb", "+C3", "+FF", "+C3+28", "+ED+A0+80"})
  void refusesMalformedXtextNamingIt(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Xtext.decode(text)).withMessageContaining("'");
  }

  @Test
  void encodeRefusesUnpairedSurrogates() {
    assertThatIllegalArgumentException().isThrownBy(() -> Xtext.encode("a\ud800b"));
  }

  @Test
  void utf8AddressForm() {
    assertThat(Xtext.encodeUtf8Address("用户+1=x\\y@例子.test"))
        .isEqualTo("\\x{7528}\\x{6237}\\x{2B}1\\x{3D}x\\x{5C}y@\\x{4F8B}\\x{5B50}.test");
    assertThat(Xtext.decodeUtf8Address("\\x{7528}\\x{6237}\\x{2B}1\\x{3D}x\\x{5C}y@\\x{4F8B}\\x{5B50}.test"))
        .isEqualTo("用户+1=x\\y@例子.test");
    assertThat(Xtext.decodeUtf8Address("用户@例子.test")).isEqualTo("用户@例子.test");
    assertThat(Xtext.decodeUtf8Address("\\x{1F600}")).isEqualTo("\uD83D\uDE00");
    assertThat(Xtext.encodeUtf8Address("\uD83D\uDE00")).isEqualTo("\\x{1F600}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a+b", "a=b", "a\\b", "a\\x", "a\\x{", "a\\x{}", "a\\x{G}", "a\\x{1234567}", "a\\x{D800}",
      "a\\x{110000}", "a b", "a\u0085b", "a\ud800"})
  void refusesMalformedUtf8Address(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Xtext.decodeUtf8Address(text)).withMessageContaining("'");
  }
}
