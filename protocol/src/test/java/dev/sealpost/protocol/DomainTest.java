package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainTest {

  @Test
  void asciiDomainIsLowerCased() {
    Domain d = Domain.parse("Mail.Example.TEST");
    assertThat(d.ascii()).isEqualTo("mail.example.test");
    assertThat(d.unicode()).isEqualTo("mail.example.test");
    assertThat(d.needsSmtpUtf8()).isFalse();
    assertThat(d).hasToString("mail.example.test");
  }

  @Test
  void uLabelsAreConvertedToALabels() {
    Domain d = Domain.parse("例子.测试");
    assertThat(d.ascii()).isEqualTo("xn--fsqu00a.xn--0zwm56d");
    assertThat(d.unicode()).isEqualTo("例子.测试");
    assertThat(d.writtenInUnicode()).isTrue();
    assertThat(d.needsSmtpUtf8()).isTrue();
    assertThat(d).hasToString("例子.测试");
  }

  @Test
  void aLabelsKeepTheirUnicodeForm() {
    Domain d = Domain.parse("XN--FSQU00A.xn--0zwm56d");
    assertThat(d.ascii()).isEqualTo("xn--fsqu00a.xn--0zwm56d");
    assertThat(d.unicode()).isEqualTo("例子.测试");
    assertThat(d.needsSmtpUtf8()).isFalse();
    assertThat(d).hasToString("xn--fsqu00a.xn--0zwm56d");
  }

  @Test
  void equalityIsByAsciiForm() {
    assertThat(Domain.parse("例子.测试")).isEqualTo(Domain.parse("xn--fsqu00a.xn--0zwm56d"))
        .hasSameHashCodeAs(Domain.parse("xn--fsqu00a.xn--0zwm56d"));
    assertThat(Domain.parse("Bücher.example")).isEqualTo(Domain.parse("bücher.example"));
    assertThat(Domain.parse("bücher.example").ascii()).isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void idnaMappingsApplyAndStillNeedSmtpUtf8() {
    Domain fullWidth = Domain.parse("ＥＸＡＭＰＬＥ.test");
    assertThat(fullWidth.ascii()).isEqualTo("example.test");
    assertThat(fullWidth.needsSmtpUtf8()).isTrue();
  }

  @Test
  void mixedLabelsAndIdeographicDots() {
    assertThat(Domain.parse("mail.例子。测试").ascii()).isEqualTo("mail.xn--fsqu00a.xn--0zwm56d");
  }

  @Test
  void lengthLimits() {
    String label63 = "a".repeat(63);
    assertThat(Domain.parse(label63 + ".test").ascii()).startsWith(label63);
    assertThatIllegalArgumentException().isThrownBy(() -> Domain.parse("a".repeat(64) + ".test"));
    String name255 = (label63 + ".").repeat(3) + "b".repeat(63);
    assertThat(name255).hasSize(255);
    assertThat(Domain.parse(name255).ascii()).hasSize(255);
    assertThatIllegalArgumentException().isThrownBy(() -> Domain.parse(name255 + "c"));
    assertThatIllegalArgumentException().isThrownBy(() -> Domain.parse("ü".repeat(64) + ".test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "-a.test", "a-.test", "a_b.test", "a b.test", "a@b",
      "[1.2.3.4]", "1.2.3.4", "123", "a.b.42", "a.test:25", "a\u0000.test", "a/b.test", "xn--.test",
      "例子.测试.", "\ud800.test", "a.\u00a0.test"})
  void refusesInvalidDomainsNamingThem(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Domain.parse(text)).withMessageContaining("'");
  }

  @Test
  void digitsAreFineBeforeTheLastLabel() {
    assertThat(Domain.parse("123.example.test").ascii()).isEqualTo("123.example.test");
    assertThat(Domain.parse("3com.test").ascii()).isEqualTo("3com.test");
  }

  @Test
  void constructorRequiresTheCanonicalAsciiForm() {
    assertThat(new Domain("example.test", "example.test")).isEqualTo(Domain.parse("example.test"));
    assertThatIllegalArgumentException().isThrownBy(() -> new Domain("Example.test", "example.test"))
        .withMessageContaining("Example.test");
    assertThatIllegalArgumentException().isThrownBy(() -> new Domain("例子.测试", "例子.测试"));
  }

  @Test
  void mailDomainParseDispatchesOnTheBracket() {
    assertThat(MailDomain.parse("[192.0.2.1]")).isInstanceOf(AddressLiteral.class);
    assertThat(MailDomain.parse("example.test")).isInstanceOf(Domain.class);
  }
}
