package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParserTest {

  @Test
  void dotStringMailbox() {
    Mailbox m = AddressParser.parseMailbox("first.last+tag@Example.TEST");
    assertThat(m.localPart()).isEqualTo("first.last+tag");
    assertThat(m.domain()).isEqualTo(Domain.parse("example.test"));
    assertThat(m.quotedLocalPart()).isFalse();
    assertThat(m.needsSmtpUtf8()).isFalse();
    assertThat(m).hasToString("first.last+tag@example.test");
  }

  @Test
  void localPartIsCaseSensitive() {
    assertThat(Mailbox.parse("Alice@example.test")).isNotEqualTo(Mailbox.parse("alice@example.test"));
    assertThat(Mailbox.parse("alice@EXAMPLE.test")).isEqualTo(Mailbox.parse("alice@example.test"));
  }

  @Test
  void allAtextCharacters() {
    String atext = "!#$%&'*+-/=?^_`{|}~09azAZ";
    assertThat(Mailbox.parse(atext + "@example.test").localPart()).isEqualTo(atext);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"a b\"@c.test         | a b       | \"a b\"@c.test",
      "\"a@b\"@c.test         | a@b       | \"a@b\"@c.test",
      "\"a\\\"b\"@c.test      | a\"b      | \"a\\\"b\"@c.test",
      "\"a\\\\b\"@c.test      | a\\b      | \"a\\\\b\"@c.test",
      "\"a\\bc\"@c.test       | abc       | abc@c.test",
      "\"plain\"@c.test       | plain     | plain@c.test",
      "\"a..b\"@c.test        | a..b      | \"a..b\"@c.test",
      "\".a\"@c.test          | .a        | \".a\"@c.test",
      "\"\"@c.test            | ''        | \"\"@c.test",
      "\"ü ö\"@c.test         | ü ö       | \"ü ö\"@c.test"})
  void quotedLocalParts(String text, String localPart, String rendered) {
    Mailbox m = Mailbox.parse(text);
    assertThat(m.localPart()).isEqualTo(localPart);
    assertThat(m).hasToString(rendered);
    assertThat(m.quotedLocalPart()).isEqualTo(rendered.startsWith("\""));
    assertThat(Mailbox.parse(m.toString())).isEqualTo(m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@", "a", "a@", "@b.test", "a@@b.test", "a@b@c.test", "user@other.test@ours.test",
      ".a@b.test", "a.@b.test", "a..b@b.test", "a b@c.test", "\"a@b.test", "\"a\"b@c.test", "\"a\"\"b\"@c.test",
      "a\"b\"@c.test", "\"a\u0001\"@c.test", "\"a\\\u00e9\"@c.test", "a\u0080b@c.test", "<a@b.test>", "a@b.test ",
      " a@b.test", "a@b..test", "a@.b.test", "a@b.test.", "a@-b.test", "a@b-.test", "a@b_c.test", "a@b.123",
      "a@1.2.3.4", "a@[1.2.3.4", "a@1.2.3.4]", "a@[300.1.1.1]", "a@[host]", "a(x)@b.test", "a@b.test(x)",
      "a\\@b.test", "a\ud800@b.test", "a@b\ud800.test", "a;b@c.test", "a,b@c.test", "a[b]@c.test"})
  void refusesInvalidMailboxesNamingThem(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.parseMailbox(text))
        .withMessageContaining("'");
  }

  @Test
  void percentAndBangAreOrdinaryLocalPartCharacters() {
    assertThat(Mailbox.parse("user%other.test@ours.test").localPart()).isEqualTo("user%other.test");
    assertThat(Mailbox.parse("host!user@ours.test").localPart()).isEqualTo("host!user");
  }

  @Test
  void localPartOf64OctetsIsTheLimit() {
    String max = "a".repeat(64);
    assertThat(Mailbox.parse(max + "@example.test").localPart()).isEqualTo(max);
    assertThatIllegalArgumentException().isThrownBy(() -> Mailbox.parse("a".repeat(65) + "@example.test"))
        .withMessageContaining("64 octets");
    assertThatIllegalArgumentException().isThrownBy(() -> new Mailbox("a".repeat(65), Domain.parse("a.test")))
        .withMessageContaining("64 octets");
  }

  @Test
  void localPartLimitCountsUtf8Octets() {
    String sixtyFourOctets = "ü".repeat(32); // 64 octets
    assertThat(Mailbox.parse(sixtyFourOctets + "@example.test").localPart()).isEqualTo(sixtyFourOctets);
    assertThatIllegalArgumentException().isThrownBy(() -> Mailbox.parse("ü".repeat(32) + "a@example.test"));
  }

  @Test
  void quotedLocalPartLimitCountsTheQuotes() {
    assertThat(Mailbox.parse("\"" + "a b".repeat(20) + "a\"@c.test").localPart()).hasSize(61);
    assertThatIllegalArgumentException().isThrownBy(() -> Mailbox.parse("\"" + "a b".repeat(21) + "\"@c.test"));
  }

  @Test
  void mailboxOf254OctetsIsTheLimit() {
    String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(58);
    String local = "a".repeat(254 - 1 - domain.length());
    assertThat(Mailbox.parse(local + "@" + domain).toString()).hasSize(254);
    assertThatIllegalArgumentException().isThrownBy(() -> Mailbox.parse(local + "x@" + domain))
        .withMessageContaining("254");
  }

  @Test
  void internationalizedMailbox() {
    Mailbox m = AddressParser.parseMailbox("用户@例子.测试");
    assertThat(m.needsSmtpUtf8()).isTrue();
    assertThat(m.localPart()).isEqualTo("用户");
    assertThat(m.domain().ascii()).isEqualTo("xn--fsqu00a.xn--0zwm56d");
    assertThat(m.domain().unicode()).isEqualTo("例子.测试");
    assertThat(m).hasToString("用户@例子.测试");
    assertThat(Mailbox.parse("用户@xn--fsqu00a.xn--0zwm56d")).isEqualTo(m).hasToString("用户@xn--fsqu00a.xn--0zwm56d");
  }

  @Test
  void utf8LocalPartWithAsciiDomain() {
    Mailbox m = Mailbox.parse("josé@example.test");
    assertThat(m.needsSmtpUtf8()).isTrue();
    assertThat(m.domain().needsSmtpUtf8()).isFalse();
  }

  @Test
  void addressLiterals() {
    Mailbox v4 = Mailbox.parse("user@[192.0.2.1]");
    assertThat(v4.domain()).isInstanceOf(AddressLiteral.class);
    assertThat(v4.domain().ascii()).isEqualTo("[192.0.2.1]");
    assertThat(v4).hasToString("user@[192.0.2.1]");
    assertThat(v4.needsSmtpUtf8()).isFalse();
    Mailbox v6 = Mailbox.parse("user@[IPv6:2001:db8::1]");
    assertThat(((AddressLiteral) v6.domain()).address().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void constructorRefusesLocalPartsSmtpCannotCarry() {
    Domain d = Domain.parse("a.test");
    assertThatIllegalArgumentException().isThrownBy(() -> new Mailbox("a\r\nb", d)).withMessageContaining("\\x0D");
    assertThatIllegalArgumentException().isThrownBy(() -> new Mailbox("a\u0085", d));
    assertThat(new Mailbox("a \"b\"", d)).hasToString("\"a \\\"b\\\"\"@a.test");
  }

  @Test
  void paths() {
    Mailbox m = Mailbox.parse("a@b.test");
    assertThat(ReversePath.of(m)).hasToString("<a@b.test>");
    assertThat(ReversePath.of(m).isNull()).isFalse();
    assertThat(new ForwardPath.To(m)).hasToString("<a@b.test>");
    assertThat(new ForwardPath.Postmaster()).hasToString("<Postmaster>");
    assertThat(ReversePath.of(Mailbox.parse("ü@b.test")).needsSmtpUtf8()).isTrue();
  }

  @Test
  void routeHopsMustBeAsciiDomains() {
    assertThat(AddressParser.withoutRoute("@a.test,@b.test:u@c.test")).isEqualTo("u@c.test");
    assertThat(AddressParser.withoutRoute("u@c.test")).isEqualTo("u@c.test");
    assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.withoutRoute("@a.test,:u@c.test"));
    assertThatIllegalArgumentException().isThrownBy(() -> AddressParser.withoutRoute("@a..test:u@c.test"));
  }
}
